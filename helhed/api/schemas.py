# SPDX-License-Identifier: MPL-2.0
"""What the API reads and writes. Inputs refuse unknown fields (no mass assignment) and
bound every string; outputs name only the fields a caseworker's page shows."""

import uuid
from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from helhed.citizens.models import (
    ArrivalSource,
    DanishTestKind,
    DanishTrack,
    EducationLevel,
    ProgrammeKind,
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


class HouseholdOut(Schema):
    id: uuid.UUID
    name: str
    members: list[PersonSummaryOut] = Field(
        description="The members the integration may see; others are left out."
    )
