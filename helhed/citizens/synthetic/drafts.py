# SPDX-License-Identifier: MPL-2.0
"""The registry in memory, before it is written: persons, households and their facts."""

from dataclasses import dataclass, field
from datetime import date

from helhed.citizens.models import EducationLevel
from helhed.core.dates import age_on

# (kind, starts_on, ends_on, benefit name)
Spell = tuple[str, date, date | None, str]


@dataclass(frozen=True)
class DanishDraft:
    track: str
    module: int
    referred_on: date
    test: str = ""
    test_passed_on: date | None = None


@dataclass(eq=False)
class DraftPerson:
    sex: str
    birth_date: date
    country: str
    first_name: str
    last_name: str
    household: "DraftHousehold"
    cpr: str
    arrived_on: date = date.min
    source: str = ""
    quota_year: int | None = None
    from_kommunekode: str = ""
    denmark_since: date = date.min
    unaccompanied: bool = False
    education: str = EducationLevel.UNKNOWN
    placements: list[tuple[str, bool, date]] = field(default_factory=list)
    spells: list[Spell] = field(default_factory=list)
    programme: tuple[str, date, date | None] | None = None
    danish: DanishDraft | None = None

    def adult_on(self, day: date) -> bool:
        return age_on(self.birth_date, day) >= 18


@dataclass(eq=False)
class DraftHousehold:
    members: list[DraftPerson] = field(default_factory=list)
    spouses: list[tuple[DraftPerson, DraftPerson]] = field(default_factory=list)
    parents: list[tuple[DraftPerson, DraftPerson]] = field(default_factory=list)

    @property
    def name(self) -> str:
        head = self.members[0]
        if len(self.members) == 1:
            return f"{head.first_name} {head.last_name}"
        return f"Familien {head.last_name}"
