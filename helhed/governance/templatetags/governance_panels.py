# SPDX-License-Identifier: MPL-2.0
"""Panels the policy pages include without knowing the governance app (the policies app
sits below it and cannot import it): the upcoming milestones on the start page, and a
version's process plan. Who sees them is decided here, from the signed-in user, through
the access helpers; everything shown is the user's own municipality's."""

from typing import Any

from django import template
from django.utils import timezone

from helhed.governance.access import can_edit_governance, can_read_governance
from helhed.governance.selectors import milestones_upcoming, process_plan
from helhed.governance.timeline import build_timeline
from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion

register = template.Library()


def _user(context: template.Context) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


@register.inclusion_tag("governance/includes/upcoming_milestones.html", takes_context=True)
def upcoming_milestones(context: template.Context) -> dict[str, Any]:
    user = _user(context)
    if user is None or not can_read_governance(user):
        return {"show": False}
    return {
        "show": True,
        "milestones": milestones_upcoming(
            municipality_id=user.municipality_id, today=timezone.localdate()
        ),
    }


@register.inclusion_tag("governance/includes/version_process_plan.html", takes_context=True)
def version_process_plan(context: template.Context, version: PolicyVersion) -> dict[str, Any]:
    """The process plan of the version's policy; `version` came through the policy's
    access layer, and must be of the user's municipality."""
    user = _user(context)
    policy = version.policy
    if (
        user is None
        or not can_read_governance(user)
        or policy.municipality_id != user.municipality_id
    ):
        return {"show": False}
    return {
        "show": True,
        "policy_id": policy.id,
        "timeline": build_timeline(process_plan(policy=policy)),
        "items": list(version.agenda_items.order_by("case_number")),
        "can_edit": can_edit_governance(user),
    }
