# SPDX-License-Identifier: MPL-2.0
"""The documents the product generates as an agenda item's bilag: the hearing memo of a
hearing on the item's policy and the policy's committee follow-up report. Each is built
once, when attached, and kept as data (ADR 0034): the bilag is what the committee read.

The follow-up report is disclosure-controlled (ADR 0022, 0028): an agenda's bilag are
published with the agenda."""

from django.utils.translation import gettext as _

from helhed.hearings.memo import hearing_memo
from helhed.hearings.memo_document import memo_document
from helhed.hearings.models import Hearing
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.policies.models import PolicyVersion
from helhed.reports.document import Document


def memo_attachment_title(hearing: Hearing) -> str:
    return _("Hearing memo: %(title)s") % {"title": hearing.title}


def follow_up_attachment_title(version: PolicyVersion) -> str:
    return _("Follow-up report: %(title)s %(period)s, version %(number)s") % {
        "title": version.title,
        "period": version.period_label,
        "number": version.number,
    }


def memo_as_attachment(hearing: Hearing) -> Document:
    return memo_document(hearing_memo(hearing=hearing))


def follow_up_as_attachment(version: PolicyVersion) -> Document:
    return follow_up_document(version=version, exact=False)
