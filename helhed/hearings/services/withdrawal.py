# SPDX-License-Identifier: MPL-2.0
"""The respondent's own choices by the private link: withdraw consent to publication (at
any time), or withdraw the whole response while the hearing is open. A withdrawn
response keeps its number (so the numbering has no unexplained gap) but its name, e-mail,
text, summary, attachment, points and dispositions are erased at once; it is left out of
the public page and the memo."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.hearings.models import HearingResponse, LogAction, ResponseAttachment
from helhed.hearings.services.log import log_entry
from helhed.hearings.services.response import closed_message


def _locked(response: HearingResponse) -> HearingResponse:
    return (
        HearingResponse.objects.select_for_update()
        .select_related("hearing__version__policy")
        .get(pk=response.pk)
    )


@transaction.atomic
def response_consent_withdraw(*, response: HearingResponse) -> HearingResponse:
    response = _locked(response)
    if response.is_withdrawn:
        raise ValidationError(_("You have withdrawn your response."), code="withdrawn")
    if not response.consent_to_publication:
        raise ValidationError(
            _("Your response is not published: there is no consent to withdraw."),
            code="no_consent",
        )
    response.consent_to_publication = False
    response.full_clean()
    response.save(update_fields=["consent_to_publication", "updated_at"])
    log_entry(
        hearing=response.hearing,
        action=LogAction.CONSENT_WITHDRAWN,
        actor=None,
        response=response,
    )
    return response


@transaction.atomic
def response_withdraw(*, response: HearingResponse, now: datetime | None = None) -> HearingResponse:
    """Only while the hearing is open: after it closes the response is part of the
    hearing's record (the respondent may still withdraw consent to publication)."""
    response = _locked(response)
    if response.is_withdrawn:
        raise ValidationError(_("You have already withdrawn your response."), code="withdrawn")
    if closed_message(response.hearing, now):
        raise ValidationError(
            _(
                "The hearing has closed, so the response can no longer be withdrawn. You "
                "can still withdraw your consent to publication."
            ),
            code="closed",
        )
    ResponseAttachment.objects.filter(response=response).delete()
    response.dispositions.all().delete()
    response.points.all().delete()
    response.withdrawn_at = now or timezone.now()
    response.author_name = ""
    response.email = ""
    response.text = ""
    response.summary = ""
    response.consent_to_publication = False
    response.full_clean()
    response.save()
    log_entry(hearing=response.hearing, action=LogAction.WITHDRAWN, actor=None, response=response)
    return response
