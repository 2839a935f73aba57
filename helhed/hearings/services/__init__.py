# SPDX-License-Identifier: MPL-2.0
"""Writes to hearings: one module per entity. Every write is atomic and validated in full;
staff writes check the actor, who is recorded on the row."""

from helhed.hearings.services.disposition import disposition_set
from helhed.hearings.services.hearing import hearing_create, hearing_start, hearing_update
from helhed.hearings.services.response import (
    SubmittedResponse,
    point_add,
    response_register,
    response_submit,
    response_summarise,
)

__all__ = [
    "SubmittedResponse",
    "disposition_set",
    "hearing_create",
    "hearing_start",
    "hearing_update",
    "point_add",
    "response_register",
    "response_submit",
    "response_summarise",
]
