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
    Decision,
    Meeting,
    Milestone,
    MilestoneKind,
    Outcome,
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
    """One municipality's process: an item about `version`, decided by a committee at
    `meeting` and on the agenda of the city council's `council_meeting` (`entry`, not
    decided yet), with an attachment (an uploaded PDF) and a milestone."""

    committee: Committee
    council: Committee
    meeting: Meeting
    council_meeting: Meeting
    spare_meeting: Meeting  # a meeting of the committee with an empty agenda
    item: AgendaItem
    entry: AgendaEntry
    decision: Decision
    attachment: Attachment
    milestone: Milestone


def make_governance_world(*, actor: User, version: PolicyVersion) -> GovernanceWorld:
    committee = make_committee(actor=actor)
    council = make_committee(actor=actor, name="Byrådet", council=True)
    meeting = make_meeting(actor=actor, committee=committee)
    council_meeting = make_meeting(actor=actor, committee=council, on=date(2018, 10, 30))
    item = make_item(actor=actor, committee=committee, meeting=meeting, policy_version=version)
    decision = services.decision_record(
        actor=actor, entry=item.entries.get(), outcome=Outcome.DISCUSSED, text="Drøftet."
    )
    entry = services.agenda_entry_create(actor=actor, item=item, meeting=council_meeting)
    spare_meeting = make_meeting(actor=actor, committee=committee, on=date(2018, 9, 11))
    attachment = services.attachment_add(
        actor=actor, item=item, title="Bilag", policy_version=version, pdf=PDF, pdf_name="b.pdf"
    )
    milestone = make_milestone(actor=actor, version=version, committee=committee)
    return GovernanceWorld(
        committee=committee,
        council=council,
        meeting=meeting,
        council_meeting=council_meeting,
        spare_meeting=spare_meeting,
        item=item,
        entry=entry,
        decision=decision,
        attachment=attachment,
        milestone=milestone,
    )


def guard_form_data(world: GovernanceWorld, version: PolicyVersion) -> dict[str, dict[str, str]]:
    """For tests/test_url_auth.py: per URL name, a POST that writes when its owner sends
    it (and that another municipality's user must not get through)."""
    item = {
        "title": "Overskrevet titel",
        "case_number": world.item.case_number,
        "decision_authority": str(world.committee.pk),
        "policy_version": str(version.pk),
        "decision_theme": "Overskrevet.",
        "recommendation": "Overskrevet.",
    }
    milestone = {"kind": "follow_up", "date": "2019-06-01", "precision": "day"}
    return {
        "governance:meeting_create": {"date": "2018-12-11", "place": "Byrådssalen"},
        "governance:item_edit": item,
        "governance:item_schedule": {"meeting": str(world.spare_meeting.pk)},
        "governance:decision_record": {
            "entry": str(world.entry.pk),
            "outcome": "postponed",
            "text": "Udsat.",
        },
        "governance:attachment_create": {"title": "Bilag 2", "policy_version": str(version.pk)},
        "governance:milestone_create": milestone,
        "governance:milestone_edit": milestone,
        "governance:milestone_delete": {},
        # gov-attach: the follow-up report of the item's version as a bilag; a delete
        "governance:attachment_generate": {"report_version": str(version.pk)},
        "governance:attachment_delete": {},
    }
