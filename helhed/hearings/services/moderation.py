# SPDX-License-Identifier: MPL-2.0
"""Moderation: a policy officer hides a published response from the public page (a
personal attack, personal data about others), with a stated reason, and may show it
again. A hidden response is still a hearing response: it keeps its number, its
disposition and its place in the memo."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.hearings.models import HearingResponse, LogAction
from helhed.hearings.services.log import log_entry
from helhed.organisations.models import User
from helhed.policies.services import ensure_policy_officer

MAX_REASON_LENGTH = 1000


def _locked(response: HearingResponse) -> HearingResponse:
    return (
        HearingResponse.objects.select_for_update()
        .select_related("hearing__version__policy")
        .get(pk=response.pk)
    )


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")}, code="required")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {"reason": _("The reason can be at most 1,000 characters.")}, code="max_length"
        )
    return reason


@transaction.atomic
def response_hide(*, actor: User, response: HearingResponse, reason: str) -> HearingResponse:
    ensure_policy_officer(actor=actor, obj=response)
    reason = _reason(reason)
    response = _locked(response)
    if response.is_withdrawn:
        raise ValidationError(_("The respondent has withdrawn the response."), code="withdrawn")
    if response.is_hidden:
        raise ValidationError(_("The response is already hidden."), code="hidden")
    response.hidden_at = timezone.now()
    response.hidden_by = actor
    response.hidden_reason = reason
    response.full_clean()
    response.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    log_entry(
        hearing=response.hearing,
        action=LogAction.HIDDEN,
        actor=actor,
        response=response,
        note=reason,
    )
    return response


@transaction.atomic
def response_show(*, actor: User, response: HearingResponse, reason: str) -> HearingResponse:
    """Reverse the hiding. The earlier reason stays in the log."""
    ensure_policy_officer(actor=actor, obj=response)
    reason = _reason(reason)
    response = _locked(response)
    if not response.is_hidden:
        raise ValidationError(_("The response is not hidden."), code="not_hidden")
    response.hidden_at = None
    response.hidden_by = None
    response.hidden_reason = ""
    response.full_clean()
    response.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    log_entry(
        hearing=response.hearing,
        action=LogAction.SHOWN,
        actor=actor,
        response=response,
        note=reason,
    )
    return response
