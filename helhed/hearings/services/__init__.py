# SPDX-License-Identifier: MPL-2.0
"""Writes to hearings: one module per entity. Every write is atomic and validated in full;
staff writes check the actor, who is recorded on the row."""

from helhed.hearings.services.disposition import disposition_set
from helhed.hearings.services.erasure import responses_erase_personal_data
from helhed.hearings.services.hearing import hearing_create, hearing_start, hearing_update
from helhed.hearings.services.log import log_read
from helhed.hearings.services.moderation import response_hide, response_show
from helhed.hearings.services.response import (
    SubmittedResponse,
    point_add,
    response_register,
    response_submit,
    response_summarise,
)
from helhed.hearings.services.withdrawal import response_consent_withdraw, response_withdraw

__all__ = [
    "SubmittedResponse",
    "disposition_set",
    "hearing_create",
    "hearing_start",
    "hearing_update",
    "log_read",
    "point_add",
    "response_consent_withdraw",
    "response_hide",
    "response_register",
    "response_show",
    "response_submit",
    "response_summarise",
    "response_withdraw",
    "responses_erase_personal_data",
]
