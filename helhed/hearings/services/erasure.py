# SPDX-License-Identifier: MPL-2.0
"""Erase the respondents' personal data when retention says so (helhed/retention calls
this; docs/adr/0035). The name of a body (the citizen dialogue meeting, the Integration
Council, a committee) is kept; the name of a respondent on the public page or by letter,
every e-mail address, the private link and the attachment go. The text and its
disposition stay: they are the hearing's substance and are in the memo."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from helhed.hearings.models import HearingResponse, LogAction, ResponseAttachment
from helhed.hearings.models.response import BODIES
from helhed.hearings.services.log import log_entry


@transaction.atomic
def responses_erase_personal_data(*, responses: QuerySet[HearingResponse]) -> int:
    """Erase the personal data of `responses` not yet erased; returns how many."""
    now = timezone.now()
    due = list(
        responses.filter(personal_data_erased_at__isnull=True)
        .select_related("hearing__version__policy")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    ids = [r.pk for r in due]
    ResponseAttachment.objects.filter(response_id__in=ids).delete()
    HearingResponse.objects.filter(pk__in=ids).update(
        email="", token_hash=None, personal_data_erased_at=now, updated_at=now
    )
    HearingResponse.objects.filter(pk__in=ids).exclude(source__in=BODIES).update(author_name="")
    for response in due:
        log_entry(hearing=response.hearing, action=LogAction.ERASED, actor=None, response=response)
    return len(due)
