# SPDX-License-Identifier: MPL-2.0
"""The public hearing of a policy version: one module per entity (as kerrokantasi)."""

from helhed.hearings.models.disposition import Disposition, Outcome
from helhed.hearings.models.hearing import Hearing
from helhed.hearings.models.log import READS, HearingLogEntry, LogAction
from helhed.hearings.models.response import (
    HearingResponse,
    ResponseAttachment,
    ResponsePoint,
    Source,
)

__all__ = [
    "READS",
    "Disposition",
    "Hearing",
    "HearingLogEntry",
    "HearingResponse",
    "LogAction",
    "Outcome",
    "ResponseAttachment",
    "ResponsePoint",
    "Source",
]
