# SPDX-License-Identifier: MPL-2.0
"""Create, change and start a hearing."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.hearings.danish_time import in_danish_time
from helhed.hearings.models import Hearing
from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion, Status
from helhed.policies.services import ensure_policy_officer, policy_version_transition

HEARING_FIELDS = ("title", "description", "opens_at", "closes_at")


def _has_been_in_hearing(version: PolicyVersion) -> bool:
    return version.transitions.filter(to_status=Status.HEARING).exists()


def _ensure_hearable(version: PolicyVersion) -> None:
    """A hearing is held on a draft (starting it moves the draft to hearing) or on a
    version in hearing; a hearing that took place before the policy came into Helhed can
    be recorded on the version that went through it."""
    if version.status in (Status.DRAFT, Status.HEARING) or _has_been_in_hearing(version):
        return
    raise ValidationError(
        _("A hearing can only be held on a draft version or a version in hearing."),
        code="not_hearable",
    )


@transaction.atomic
def hearing_create(
    *,
    actor: User,
    version: PolicyVersion,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
) -> Hearing:
    ensure_policy_officer(actor=actor, obj=version)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_hearable(version)
    if Hearing.objects.filter(version=version).exists():
        raise ValidationError(_("This version already has a hearing."), code="exists")
    hearing = Hearing(
        version=version,
        title=title,
        description=description,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
        updated_by=actor,
    )
    hearing.full_clean()
    hearing.save()
    return hearing


@transaction.atomic
def hearing_update(
    *,
    actor: User,
    hearing: Hearing,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
) -> Hearing:
    ensure_policy_officer(actor=actor, obj=hearing)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    hearing.title = title
    hearing.description = description
    hearing.opens_at = opens_at
    hearing.closes_at = closes_at
    hearing.updated_by = actor
    hearing.full_clean()
    hearing.save()
    return hearing


@transaction.atomic
def hearing_start(*, actor: User, hearing: Hearing, now: datetime | None = None) -> Hearing:
    """Publish the hearing. A draft version moves to hearing through the policy's own
    lifecycle step (policies.services.policy_version_transition)."""
    ensure_policy_officer(actor=actor, obj=hearing)
    hearing = Hearing.objects.select_for_update().select_related("version").get(pk=hearing.pk)
    if hearing.started_at is not None:
        raise ValidationError(_("The hearing has already been started."), code="started")
    version = hearing.version
    _ensure_hearable(version)
    if version.status == Status.DRAFT:
        opens = in_danish_time(hearing.opens_at)
        closes = in_danish_time(hearing.closes_at)
        policy_version_transition(
            actor=actor,
            version=version,
            to_status=Status.HEARING,
            effective_on=opens.date(),
            note=_("Public hearing from %(opens)s to %(closes)s.")
            % {
                "opens": opens.strftime("%d-%m-%Y %H:%M"),
                "closes": closes.strftime("%d-%m-%Y %H:%M"),
            },
        )
    hearing.started_at = now or timezone.now()
    hearing.updated_by = actor
    hearing.save(update_fields=["started_at", "updated_by", "updated_at"])
    return hearing
