# SPDX-License-Identifier: MPL-2.0
"""What the API reads and writes. Inputs refuse unknown fields (no mass assignment) and
bound every string; outputs name only the fields a caseworker's page shows."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from helhed.caseplans.catalogue import InterventionKind, Outcome, PartnerKind
from helhed.citizens.models import (
    ArrivalSource,
    DanishTestKind,
    DanishTrack,
    EducationLevel,
    ProgrammeKind,
    RelationKind,
    SpellKind,
)


class UnprintableCharacterError(ValueError):
    pass


def _printable(value: str) -> str:
    # NUL and other control characters: PostgreSQL refuses NUL, and no name holds them.
    if any(ord(ch) < 32 for ch in value):
        raise UnprintableCharacterError("control character")
    return value


PRINTABLE = AfterValidator(_printable)


def _text(value: str) -> str:
    # a note may have lines and tabs, but no other control character (NUL above all)
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise UnprintableCharacterError("control character")
    return value


TEXT = AfterValidator(_text)

Name = Annotated[str, StringConstraints(min_length=1, max_length=100), PRINTABLE]
Cpr = Annotated[
    str, StringConstraints(min_length=1, max_length=11, pattern=r"^[0-9]{6}-?[0-9]{4}$"), PRINTABLE
]
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=100), PRINTABLE]
Kommunekode = Annotated[
    str, StringConstraints(min_length=0, max_length=3, pattern=r"^([0-9]{3})?$"), PRINTABLE
]
BenefitName = Annotated[str, StringConstraints(min_length=0, max_length=120), PRINTABLE]
LocalityName = Annotated[str, StringConstraints(min_length=1, max_length=100), PRINTABLE]

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_OFFSET = 1_000_000


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


# Errors: one shape for every refusal.


class FieldError(Schema):
    field: str | None = Field(description="The input field, or null for the request as a whole.")
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


# Persons


class PersonSummaryOut(Schema):
    id: uuid.UUID
    cpr_masked: str = Field(description="The CPR number masked as DDMMYY-xxxx.")
    first_name: str
    last_name: str
    birth_date: date


class PersonOut(PersonSummaryOut):
    sex: str
    country_of_origin: str
    education_level: str
    unaccompanied_minor: bool
    household_id: uuid.UUID | None


class PersonPageOut(Schema):
    count: int = Field(description="How many persons match in all.")
    limit: int
    offset: int
    items: list[PersonSummaryOut]


class PersonSearchIn(Input):
    cpr: Cpr | None = Field(
        None, description="A CPR number, DDMMYY-XXXX or ten digits. Give cpr or name."
    )
    name: SearchText | None = Field(
        None, description="Words of the first or last name. Give cpr or name."
    )
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class PersonRegisterIn(Input):
    cpr: Cpr
    first_name: Name
    last_name: Name
    country_of_origin: str = Field(
        max_length=2, description="ISO 3166-1 alpha-2 code, as the registry's country list."
    )
    education_level: EducationLevel = EducationLevel.UNKNOWN
    unaccompanied_minor: bool = False
    arrived_on: date
    source: ArrivalSource
    from_kommunekode: Kommunekode = ""
    department_id: uuid.UUID | None = Field(
        None,
        description="The department whose caseload the person joins; may be left out when "
        "the integration works for one department only.",
    )


# A person's facts


class ArrivalOut(Schema):
    id: uuid.UUID
    arrived_on: date
    source: str
    from_kommunekode: str
    quota_year: int | None
    in_target_group: bool


class HousingPlacementOut(Schema):
    id: uuid.UUID
    locality: str = Field(validation_alias="locality.name")
    permanent: bool
    placed_on: date


class HousingPlacementIn(Input):
    locality: LocalityName
    permanent: bool
    placed_on: date


class DanishEducationOut(Schema):
    id: uuid.UUID
    track: str
    module: int
    referred_on: date
    test: str
    test_passed_on: date | None


class DanishEducationIn(Input):
    track: DanishTrack
    module: int = Field(1, ge=1, le=6)
    referred_on: date
    test: DanishTestKind | None = None
    test_passed_on: date | None = None


class ProgrammeEnrolmentOut(Schema):
    id: uuid.UUID
    kind: str
    starts_on: date
    ends_on: date | None


class ProgrammeEnrolmentIn(Input):
    kind: ProgrammeKind
    starts_on: date
    ends_on: date | None = None


class StatusSpellOut(Schema):
    id: uuid.UUID
    kind: str
    benefit_name: str
    starts_on: date
    ends_on: date | None


class StatusSpellIn(Input):
    kind: SpellKind
    starts_on: date
    ends_on: date | None = None
    benefit_name: BenefitName = ""


# Households


class HouseholdRelationOut(Schema):
    person_id: uuid.UUID
    relative_id: uuid.UUID
    kind: str = Field(
        description="spouse, or parent: the person is a parent of the relative.",
        examples=["spouse", "parent"],
    )


class HouseholdOut(Schema):
    id: uuid.UUID
    name: str
    members: list[PersonSummaryOut] = Field(
        description="The members the integration may see; others are left out."
    )
    relations: list[HouseholdRelationOut] = Field(
        description="The relations between the members shown; a relation to a member "
        "left out is left out too."
    )


# How the member is related to the person whose household they join (household_services).
Relation = Literal["spouse", "parent", "child"]


class HouseholdMemberIn(Input):
    cpr: Cpr = Field(
        description="The new member's CPR number, DDMMYY-XXXX or ten digits. The member must "
        "be in the caseload of the integration's departments and in no other household."
    )
    relation: Relation = Field(
        description="How the new member is related to the person: spouse (or partner), "
        "parent (the member is a parent of the person) or child (a child of the person)."
    )


class HouseholdMemberOut(Schema):
    household_id: uuid.UUID = Field(
        description="The person's household; made now if the person had none."
    )
    person_id: uuid.UUID
    relation: Relation
    member: PersonSummaryOut = Field(description="The member who joined.")


class HouseholdRelationIn(Input):
    person_id: uuid.UUID = Field(description="A member of the household.")
    kind: RelationKind = Field(
        description="spouse, or parent: the person is a parent of the relative."
    )
    relative_id: uuid.UUID = Field(description="Another member of the household.")


class HouseholdMemberRemovedOut(Schema):
    household_id: uuid.UUID = Field(description="The household the member left.")
    person_id: uuid.UUID
    member: PersonSummaryOut = Field(description="The member who left, with no household now.")


# Plans (helhed/caseplans): interventions, rule flags, referrals and partners

Note = Annotated[str, StringConstraints(max_length=2000), TEXT]
PartnerName = Annotated[str, StringConstraints(min_length=1, max_length=200), PRINTABLE]
Contact = Annotated[str, StringConstraints(max_length=200), PRINTABLE]
CvrText = Annotated[str, StringConstraints(max_length=20), PRINTABLE]
Sector = Annotated[str, StringConstraints(max_length=100), PRINTABLE]


class DepartmentOut(Schema):
    id: uuid.UUID
    name: str


class InterventionPartOut(Schema):
    """One intervention of a person's plan as the integration may see it: its own
    departments' in full; another department's only what, whose, when and its status."""

    id: uuid.UUID | None = Field(description="Null for another department's intervention.")
    kind: str = Field(
        description="The kind; another department's confidential kind is `confidential`."
    )
    label: str
    subject: str = Field(description="Whom it is for: the person's name or the household.")
    own: bool = Field(description="One of the integration's departments owns it.")
    department: DepartmentOut
    starts_on: date
    ends_on: date | None
    status: str
    note: str | None = Field(description="Null for another department's intervention.")
    outcome: str | None = Field(description="Null for another department's intervention.")
    partner: str | None = Field(description="Null for another department's intervention.")


class InterventionPageOut(Schema):
    count: int = Field(description="How many interventions the plan has in all.")
    limit: int
    offset: int
    items: list[InterventionPartOut]


class InterventionOut(Schema):
    """An intervention of one of the integration's departments, in full."""

    id: uuid.UUID
    kind: str
    label: str
    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    department: DepartmentOut
    focus_area_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    sector: str
    starts_on: date
    ends_on: date | None
    status: str
    outcome: str
    note: str
    closing_note: str


class InterventionIn(Input):
    kind: InterventionKind
    owner_department_id: uuid.UUID | None = Field(
        None,
        description="The department that owns the intervention; may be left out when the "
        "integration works for one department only.",
    )
    focus_area_id: uuid.UUID | None = Field(
        None, description="The focus area of the adopted policy the intervention serves."
    )
    partner_id: uuid.UUID | None = Field(None, description="The partner that carries it.")
    sector: Sector = Field("", description="The sector of an industry package.")
    starts_on: date
    ends_on: date | None = None
    note: Note = Field("", description="Seen by the owner department only.")


class InterventionCompleteIn(Input):
    outcome: Outcome
    ends_on: date
    closing_note: Note = ""


class InterventionCancelIn(Input):
    closing_note: Note


class RuleFlagOut(Schema):
    rule: str
    label: str
    opened_on: date
    due_on: date
    resolved_at: datetime | None
    resolution: str
    source: str = Field(description="Where the rule comes from: law, guidance or the policy.")


class RuleFlagsOut(Schema):
    open: list[RuleFlagOut] = Field(description="By deadline.")
    resolved: list[RuleFlagOut] = Field(description="The history, newest first.")


class ReferralOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    from_department: DepartmentOut
    to_department: DepartmentOut
    reason: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    decision_note: str


class ReferralIn(Input):
    to_department_id: uuid.UUID
    from_department_id: uuid.UUID | None = Field(
        None,
        description="The referring department, in whose caseload the person is; may be left "
        "out when the integration works for one department only.",
    )
    reason: Note


class ReferralDecisionIn(Input):
    decision_note: Note = Field("", description="Required when declining.")


class PartnerOut(Schema):
    id: uuid.UUID
    kind: str
    name: str
    cvr: str
    contact: str


class PartnerPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PartnerOut]


class PartnerIn(Input):
    kind: PartnerKind
    name: PartnerName
    cvr: CvrText = Field("", description="A company's CVR number: eight digits.")
    contact: Contact = ""
