# SPDX-License-Identifier: MPL-2.0
"""Give a response, or one of its points, its disposition (replacing an earlier one)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhed.hearings.models import (
    Disposition,
    HearingResponse,
    LogAction,
    Outcome,
    ResponsePoint,
)
from helhed.hearings.sections import WHOLE, section_label
from helhed.hearings.selectors import next_version
from helhed.hearings.services.log import log_entry
from helhed.organisations.models import User
from helhed.policies.selectors import version_content
from helhed.policies.services import ensure_policy_officer


@transaction.atomic
def disposition_set(
    *,
    actor: User,
    response: HearingResponse,
    outcome: str,
    reason: str,
    point: ResponsePoint | None = None,
    changed_section: str = "",
) -> Disposition:
    """Incorporated names the section of the policy's next version that was changed."""
    ensure_policy_officer(actor=actor, obj=response)
    response = (
        HearingResponse.objects.select_for_update()
        .select_related("hearing__version__policy")
        .get(pk=response.pk)
    )
    if response.is_withdrawn:
        raise ValidationError(_("The respondent has withdrawn the response."), code="withdrawn")
    if point is not None and point.response_id != response.pk:
        raise ValidationError({"point": _("The point belongs to another response.")})
    if point is None and response.points.exists():
        raise ValidationError(
            {"point": _("The response is split into points: give each point its disposition.")},
            code="split",
        )
    changed_version = None
    label = ""
    if outcome == Outcome.INCORPORATED:
        changed_version = next_version(response.hearing.version)
        if changed_version is None:
            raise ValidationError(
                {
                    "changed_section": _(
                        "The policy has no next version yet. Create the new version that "
                        "incorporates the hearing before marking a response incorporated."
                    )
                },
                code="no_next_version",
            )
        found = (
            section_label(version_content(version=changed_version), changed_section)
            if changed_section != WHOLE
            else None
        )
        if found is None:
            raise ValidationError(
                {
                    "changed_section": _(
                        "Choose the section of the next version that was changed: "
                        '"incorporated" must show where.'
                    )
                },
                code="no_changed_section",
            )
        label = found
    else:
        changed_section = ""
    existing = Disposition.objects.filter(response=response, point=point).first()
    disposition = existing or Disposition(response=response, point=point)
    disposition.outcome = outcome
    disposition.reason = reason.strip()
    disposition.changed_version = changed_version
    disposition.changed_section = changed_section
    disposition.changed_section_label = label
    disposition.decided_by = actor
    disposition.full_clean()
    disposition.save()
    where = (
        _("point %(number)s") % {"number": point.order + 1} if point else _("the whole response")
    )
    log_entry(
        hearing=response.hearing,
        action=LogAction.DISPOSITIONED,
        actor=actor,
        response=response,
        note=f"{where}: {disposition.get_outcome_display()}",
    )
    return disposition
