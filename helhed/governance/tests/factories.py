# SPDX-License-Identifier: MPL-2.0
"""Committees, meetings, agenda items and milestones for tests, through the services."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from helhed.governance import services
from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Attachment,
    Committee,
    Meeting,
    Milestone,
    MilestoneKind,
)
from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def make_committee(
    *, actor: User, name: str = "Beskæftigelses- og Integrationsudvalget", council: bool = False
) -> Committee:
    return services.committee_create(actor=actor, name=name, is_city_council=council)


def make_meeting(
    *, actor: User, committee: Committee, on: date = date(2018, 8, 14), place: str = ""
) -> Meeting:
    return services.meeting_create(actor=actor, committee=committee, date=on, place=place)


def item_fields(committee: Committee, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Drøftelse: Integrationspolitik 2018-2021",
        "case_number": "18/12386",
        "decision_authority": committee,
        "policy_version": None,
        "decision_theme": "Forvaltningen indstiller, at udvalget drøfter forslaget.",
        "case_description": "Furesø Kommune er i gang med at udarbejde en integrationspolitik.",
        "financial_consequences": "Ingen bemærkninger",
        "citizen_involvement": "",
        "legal_basis": "Ingen bemærkninger",
        "next_steps": "",
        "recommendation": "Forvaltningen indstiller, at udvalget drøfter forslaget.",
    }
    fields.update(changes)
    return fields


def make_item(
    *,
    actor: User,
    committee: Committee,
    meeting: Meeting | None = None,
    **changes: Any,
) -> AgendaItem:
    return services.agenda_item_create(
        actor=actor, meeting=meeting, **item_fields(committee, **changes)
    )


def make_milestone(
    *,
    actor: User,
    version: PolicyVersion,
    kind: str = MilestoneKind.HEARING,
    on: date = date(2018, 8, 7),
    committee: Committee | None = None,
) -> Milestone:
    return services.milestone_save(
        actor=actor,
        milestone=Milestone(policy=version.policy, kind=kind, date=on, committee=committee),
    )


@dataclass
class GovernanceWorld:
    """One municipality's process: a committee with a meeting whose agenda has an item
    about `version` (not decided yet), the city council, an attachment and a milestone."""

    committee: Committee
    council: Committee
    meeting: Meeting
    item: AgendaItem
    entry: AgendaEntry
    attachment: Attachment
    milestone: Milestone


def make_governance_world(*, actor: User, version: PolicyVersion) -> GovernanceWorld:
    committee = make_committee(actor=actor)
    council = make_committee(actor=actor, name="Byrådet", council=True)
    meeting = make_meeting(actor=actor, committee=committee)
    item = make_item(actor=actor, committee=committee, meeting=meeting, policy_version=version)
    attachment = services.attachment_add(
        actor=actor, item=item, title="Bilag", policy_version=version, pdf=PDF, pdf_name="b.pdf"
    )
    milestone = make_milestone(actor=actor, version=version, committee=committee)
    return GovernanceWorld(
        committee=committee,
        council=council,
        meeting=meeting,
        item=item,
        entry=item.entries.get(),
        attachment=attachment,
        milestone=milestone,
    )
