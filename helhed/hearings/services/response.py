# SPDX-License-Identifier: MPL-2.0
"""Responses: submitted on the public page, or registered by staff from another source;
summarised and split into points by staff."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.hearings.models import (
    Hearing,
    HearingResponse,
    ResponseAttachment,
    ResponsePoint,
    Source,
)
from helhed.hearings.models.hearing import HearingState
from helhed.hearings.models.log import LogAction
from helhed.hearings.sections import section_label
from helhed.hearings.services.log import log_entry
from helhed.hearings.uploads import CheckedPdf
from helhed.organisations.models import User
from helhed.policies.selectors import version_content
from helhed.policies.services import ensure_policy_officer


@dataclass(frozen=True)
class SubmittedResponse:
    response: HearingResponse
    token: str  # the private link's secret: shown once, only its hash is stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def closed_message(hearing: Hearing, now: datetime | None = None) -> str:
    """Why the hearing takes no responses now (empty while it is open)."""
    state = hearing.state(now)
    if state == HearingState.OPEN:
        return ""
    if state == HearingState.CLOSED:
        return _("The hearing has closed: responses can no longer be submitted.")
    if state == HearingState.UPCOMING:
        return _("The hearing has not opened yet: responses can be submitted when it opens.")
    return _("The hearing has not been started.")


def _section(hearing: Hearing, key: str) -> str:
    label = section_label(version_content(version=hearing.version), key)
    if label is None:
        raise ValidationError(
            {"section": _("Choose a section of the draft, or the whole draft.")},
            code="unknown_section",
        )
    return label


def _next_number(hearing: Hearing) -> int:
    highest = hearing.responses.aggregate(m=Max("number"))["m"]
    return (highest or 0) + 1


def _create(
    *,
    hearing: Hearing,
    source: str,
    section: str,
    author_name: str,
    email: str,
    text: str,
    consent_to_publication: bool,
    received_at: datetime,
    attachment: CheckedPdf | None,
    registered_by: User | None,
) -> SubmittedResponse:
    token = secrets.token_urlsafe(32)
    response = HearingResponse(
        hearing=hearing,
        number=_next_number(hearing),
        source=source,
        section=section,
        section_label=_section(hearing, section),
        author_name=author_name.strip(),
        email=email.strip(),
        text=text.strip(),
        consent_to_publication=consent_to_publication,
        received_at=received_at,
        token_hash=token_hash(token),
        registered_by=registered_by,
    )
    response.full_clean()
    response.save()
    if attachment is not None:
        stored = ResponseAttachment(
            response=response,
            file_name=attachment.file_name,
            size=attachment.size,
            pages=attachment.pages,
            sha256=attachment.sha256,
            content=attachment.content,
        )
        stored.full_clean()
        stored.save()
    return SubmittedResponse(response=response, token=token)


@transaction.atomic
def response_submit(
    *,
    hearing: Hearing,
    section: str,
    author_name: str,
    email: str,
    text: str,
    consent_to_publication: bool,
    attachment: CheckedPdf | None = None,
    now: datetime | None = None,
) -> SubmittedResponse:
    """A response from the public page: only while the hearing is open."""
    hearing = Hearing.objects.select_for_update().select_related("version").get(pk=hearing.pk)
    now = now or timezone.now()
    message = closed_message(hearing, now)
    if message:
        raise ValidationError(message, code="closed")
    if not email.strip():
        raise ValidationError({"email": _("Give your e-mail address.")}, code="required")
    return _create(
        hearing=hearing,
        source=Source.ONLINE,
        section=section,
        author_name=author_name,
        email=email,
        text=text,
        consent_to_publication=consent_to_publication,
        received_at=now,
        attachment=attachment,
        registered_by=None,
    )


@transaction.atomic
def response_register(
    *,
    actor: User,
    hearing: Hearing,
    source: str,
    section: str,
    author_name: str,
    text: str,
    received_at: datetime,
    email: str = "",
    consent_to_publication: bool = False,
) -> SubmittedResponse:
    """Input from another source, registered by staff (at any time: a meeting's minutes
    may come after the hearing closed)."""
    ensure_policy_officer(actor=actor, obj=hearing)
    hearing = Hearing.objects.select_for_update().select_related("version").get(pk=hearing.pk)
    if source == Source.ONLINE:
        raise ValidationError(
            {"source": _("Responses from the public hearing page are submitted there.")},
            code="online",
        )
    submitted = _create(
        hearing=hearing,
        source=source,
        section=section,
        author_name=author_name,
        email=email,
        text=text,
        consent_to_publication=consent_to_publication,
        received_at=received_at,
        attachment=None,
        registered_by=actor,
    )
    log_entry(
        hearing=hearing, action=LogAction.REGISTERED, actor=actor, response=submitted.response
    )
    return submitted


@transaction.atomic
def response_summarise(*, actor: User, response: HearingResponse, summary: str) -> HearingResponse:
    ensure_policy_officer(actor=actor, obj=response)
    response = (
        HearingResponse.objects.select_for_update()
        .select_related("hearing__version__policy")
        .get(pk=response.pk)
    )
    if response.is_withdrawn:
        raise ValidationError(_("The respondent has withdrawn the response."), code="withdrawn")
    response.summary = summary.strip()
    response.full_clean()
    response.save(update_fields=["summary", "updated_at"])
    log_entry(hearing=response.hearing, action=LogAction.SUMMARISED, actor=actor, response=response)
    return response


@transaction.atomic
def point_add(
    *, actor: User, response: HearingResponse, text: str, section: str = ""
) -> ResponsePoint:
    """Split a point out of a response, to be dispositioned on its own."""
    ensure_policy_officer(actor=actor, obj=response)
    response = (
        HearingResponse.objects.select_for_update()
        .select_related("hearing__version__policy")
        .get(pk=response.pk)
    )
    if response.is_withdrawn:
        raise ValidationError(_("The respondent has withdrawn the response."), code="withdrawn")
    if response.dispositions.filter(point__isnull=True).exists():
        raise ValidationError(
            _(
                "The response already has a disposition as a whole, so it cannot be split "
                "into points."
            ),
            code="whole_disposed",
        )
    highest = response.points.aggregate(m=Max("order"))["m"]
    point = ResponsePoint(
        response=response,
        order=0 if highest is None else highest + 1,
        text=text.strip(),
        section=section,
        section_label=_section(response.hearing, section),
        created_by=actor,
    )
    point.full_clean()
    point.save()
    log_entry(
        hearing=response.hearing,
        action=LogAction.POINT_ADDED,
        actor=actor,
        response=response,
        note=point.text[:200],
    )
    return point
