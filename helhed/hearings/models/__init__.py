# SPDX-License-Identifier: MPL-2.0
"""The public hearing of a policy version: one module per entity (as kerrokantasi)."""

from helhed.hearings.models.disposition import Disposition, Outcome
from helhed.hearings.models.hearing import Hearing
from helhed.hearings.models.response import (
    HearingResponse,
    ResponseAttachment,
    ResponsePoint,
    Source,
)

__all__ = [
    "Disposition",
    "Hearing",
    "HearingResponse",
    "Outcome",
    "ResponseAttachment",
    "ResponsePoint",
    "Source",
]
