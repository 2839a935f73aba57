# SPDX-License-Identifier: MPL-2.0
"""A calibrated synthetic registry for one municipality, deterministic for a seed.

What is generated, which numbers are sourced and which are chosen is told in
docs/synthetic-registry.md; the numbers themselves live in the data section below, so a
new municipality is a new `RegistrySpec` and nothing else.

- Deterministic: one `random.Random` per (municipality, seed), no global random, no clock:
  every date is derived from fixed dates (the registry stands as of `AS_OF`).
- Idempotent: a municipality that already has persons is left untouched.
- Written in one transaction with bulk inserts, building the model instances directly
  (not through services.py: no person's data is read by a person, so no audit events).
- CPR numbers are synthetic but valid: a real birth date, a seventh digit that gives the
  right century and a last digit that gives the sex. They are chosen to FAIL the
  modulus-11 check, which every number CPR issued before October 2007 passes, and never
  fall on 1 January, the date most numbers without the check have been issued for
  (shared/reference/danish-domain.md, 6.5).
"""

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Protocol, TypeVar

from django.db import transaction

from helhed.citizens.cpr import cpr_lookup_hash, encrypt_cpr, parse_cpr
from helhed.citizens.models import (
    Arrival,
    ArrivalSource,
    CaseAssignment,
    EducationLevel,
    Household,
    HouseholdRelation,
    HousingPlacement,
    Locality,
    Person,
    RelationKind,
    Sex,
    SpellKind,
    StatusSpell,
)
from helhed.citizens.rules import target_group_decision
from helhed.organisations.models import Department, DepartmentKind, Municipality, User

T = TypeVar("T")

# --- Data ---------------------------------------------------------------------------------
# References are to sections of shared/reference/danish-domain.md.

AS_OF = date(2025, 12, 31)  # the registry stands as of this day; later spells stay open
FIRST_YEAR = 2014

# 3.1: refugees visited to the municipalities per year. 2014-2019 are the visited numbers,
# 2020, 2021 and 2023 the landstal; 2022, 2024 and 2025 were not found and are chosen.
NATIONAL_VISITED: Mapping[int, int] = {
    2014: 6048,
    2015: 10592,
    2016: 7172,
    2017: 2100,
    2018: 844,
    2019: 773,
    2020: 600,
    2021: 600,
    2022: 550,
    2023: 550,
    2024: 550,
    2025: 550,
}

# Family reunified to a refugee per visited refugee, by year. 2016 is the national ratio
# of family-reunification permits to asylum permits (4,312 / 7,444, 3.2); the others are
# chosen: high in 2017-2018 as the families of the 2015-2016 refugees follow (94 % within
# a year, 3.2), then half.
FAMILY_PER_REFUGEE: Mapping[int, float] = {
    2014: 0.47,
    2015: 0.46,
    2016: 0.58,
    2017: 0.9,
    2018: 0.8,
}
FAMILY_PER_REFUGEE_LATER = 0.5
MOVED_PER_REFUGEE = 0.14  # chosen: arrivals from another municipality per visited refugee

# Since 1 March 2019 municipalities need only provide temporary housing (1.9); chosen:
# 60 % of the households visited after that still get a permanent home.
TEMPORARY_ONLY_FROM = date(2019, 3, 1)
PERMANENT_AFTER_2019 = 0.6

# Benefit names in force (1.3, 1.7): integrationsydelse for those who got legal residence
# from 1 September 2015 (before it refugees received kontanthjælp, as the Horsens draft's
# result target on "kontanthjælpsmodtagerne" in the programme shows); renamed
# selvforsørgelses- og hjemrejseydelse on 1 January 2020; one kontanthjælp from
# 1 July 2025.
KONTANTHJAELP = "Kontanthjælp"
INTEGRATIONSYDELSE = "Integrationsydelse"
SHO_YDELSE = "Selvforsørgelses- og hjemrejseydelse"
INTEGRATIONSYDELSE_FROM = date(2015, 9, 1)
SHO_YDELSE_FROM = date(2020, 1, 1)
KONTANTHJAELP_FROM = date(2025, 7, 1)
# A running benefit changes its name on these days (a new spell starts).
BENEFIT_RENAMES: tuple[tuple[date, str, str], ...] = (
    (SHO_YDELSE_FROM, INTEGRATIONSYDELSE, SHO_YDELSE),
    (KONTANTHJAELP_FROM, SHO_YDELSE, KONTANTHJAELP),
)

# Share self-supporting (job or education) after t years in Denmark, by sex (3.4). The
# level after 3 years is the ministerial series (men 49-61 %, women 14-20 % in 2017-2019:
# 55 / 18); after 5 years the 2015 cohort (men 56 %, women 20 %) and the 3-6-year
# cross-section (60 / 24): 58 / 22; after 10 years the 6-10-year cross-section (men > 60,
# women 37): 62 / 38. The shape of the first two years is the 2011 cohort's
# (17 / 22 / 29 % after 1 / 2 / 3 years) applied to the 3-year level.
EMPLOYMENT_CURVE: Mapping[str, tuple[tuple[float, float], ...]] = {
    Sex.MALE: ((0, 0.0), (1, 0.32), (2, 0.42), (3, 0.55), (5, 0.58), (10, 0.62)),
    Sex.FEMALE: ((0, 0.0), (1, 0.11), (2, 0.14), (3, 0.18), (5, 0.22), (10, 0.38)),
}
# Family reunified to refugees reach 25 % after 3 years where refugees reach 29 % (3.4).
FAMILY_EMPLOYMENT_FACTOR = 25 / 29
# Chosen: who goes into education rather than a job, how long, and how often a job ends.
EDUCATION_SHARE_UNDER_30 = 0.35
EDUCATION_SHARE_OVER_30 = 0.08
JOB_ENDS_SHARE = 0.2
# Chosen: what a child who arrived does from its 18th birthday.
AT_EIGHTEEN: tuple[tuple[str, float], ...] = (
    (SpellKind.EDUCATION, 0.6),
    (SpellKind.BENEFIT, 0.25),
    (SpellKind.JOB, 0.15),
)

# Education of adults outside the exact Horsens table: the 2015 survey of 1,044 refugees
# (3.5): basic schooling or upper secondary 75 % (none of the Horsens categories), vocational
# 10 %, higher 13 %, split short/medium/long as in the Horsens table (14 : 4 : 3).
EDUCATION_WEIGHTS: tuple[tuple[str, float], ...] = (
    (EducationLevel.NONE, 77.0),
    (EducationLevel.VOCATIONAL, 10.0),
    (EducationLevel.SHORT_HIGHER, 13 * 14 / 21),
    (EducationLevel.MEDIUM_HIGHER, 13 * 4 / 21),
    (EducationLevel.LONG_HIGHER, 13 * 3 / 21),
)

# Countries of origin. 2014-2016 follow the 2015 grants: 57 % Syrians, about 2,400 of
# 10,849 Eritreans (3.2); then Afghans, Iranians, Iraqis, Somalis and stateless persons in
# chosen shares. Later years: Syrians, Eritreans and Afghans the largest groups (3.3),
# shares chosen.
ORIGINS: tuple[tuple[int, tuple[tuple[str, float], ...]], ...] = (
    (
        2016,
        (("SY", 55), ("ER", 22), ("AF", 6), ("IR", 4), ("IQ", 4), ("SO", 3), ("XX", 6)),
    ),
    (
        AS_OF.year,
        (
            ("ER", 24),
            ("SY", 22),
            ("AF", 16),
            ("IR", 8),
            ("IQ", 6),
            ("SO", 8),
            ("XX", 6),
            ("CD", 5),
            ("SD", 5),
        ),
    ),
)

# Household shapes of the refugees housed in 2014 (3.6): about half couples, 27 % single
# men, 9 % single women; the rest single parents. Children per family: chosen.
SINGLE_MAN, SINGLE_WOMAN, COUPLE = 0.27, 0.09, 0.50
UNACCOMPANIED_SHARE = 0.02  # chosen
CHILDREN_OF_COUPLE: tuple[tuple[int, float], ...] = (
    (0, 0.25),
    (1, 0.2),
    (2, 0.25),
    (3, 0.15),
    (4, 0.1),
    (5, 0.05),
)
# Adults' age on arrival (chosen: refugees are young).
ADULT_AGES: tuple[tuple[tuple[int, int], float], ...] = (
    ((18, 24), 0.25),
    ((25, 34), 0.40),
    ((35, 44), 0.20),
    ((45, 58), 0.15),
)
OLDEST_CHILD = 16  # children are at most 16 on arrival, so still children a year later
PARENT_GAP = 20  # years between a parent's and a child's age, at least
REUNIFICATION_WAIT = timedelta(days=90)  # a family arrives at least this long after

# Synthetic names by the language of the country of origin.
_NAME_GROUP = {
    "SY": "arabic",
    "IQ": "arabic",
    "XX": "arabic",
    "SD": "arabic",
    "ER": "tigrinya",
    "AF": "afghan",
    "IR": "persian",
    "SO": "somali",
    "CD": "central_african",
}
_NAMES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # (male first names, female first names, family names)
    "arabic": (
        ("Ahmad", "Mohammad", "Omar", "Khaled", "Yousef", "Ali", "Hassan", "Mahmoud",
         "Ibrahim", "Mustafa", "Rami", "Samer", "Bashar", "Fadi", "Tarek", "Walid", "Ziad",
         "Hussein", "Nabil", "Karim", "Adnan", "Jamal", "Majd", "Amer", "Anas"),
        ("Fatima", "Aisha", "Mariam", "Noor", "Rania", "Huda", "Lina", "Rasha", "Dima",
         "Hala", "Amal", "Zainab", "Yasmin", "Salma", "Reem", "Layla", "Hiba", "Ghada",
         "Sara", "Rana", "Maha", "Asmaa", "Shahd", "Ruba", "Nisreen"),
        ("Al-Hassan", "Haddad", "Khalil", "Hamdan", "Al-Ahmad", "Darwish", "Nasser",
         "Saleh", "Youssef", "Mansour", "Al-Khatib", "Haj Ali", "Qasim", "Shami",
         "Al-Masri", "Hamoud", "Zaidan", "Suleiman", "Abboud", "Sabbagh", "Kassem",
         "Najjar", "Hijazi", "Barakat", "Al-Halabi"),
    ),
    "tigrinya": (
        ("Yonas", "Dawit", "Tesfay", "Habtom", "Filmon", "Samuel", "Mussie", "Berhane",
         "Kidane", "Tekle", "Aron", "Henok", "Robel", "Yohannes", "Mehari", "Goitom",
         "Efrem", "Natnael", "Amanuel", "Ghirmay"),
        ("Senait", "Helen", "Selam", "Saba", "Luwam", "Winta", "Ruta", "Feven", "Hiwet",
         "Mebrat", "Yordanos", "Tsega", "Rahel", "Eden", "Almaz", "Semhar", "Lidia",
         "Meron", "Abeba", "Tirhas"),
        ("Tesfamariam", "Gebremedhin", "Haile", "Berhe", "Ghebreyesus", "Woldemariam",
         "Andemariam", "Habte", "Ghebremichael", "Yemane", "Asmerom", "Tewelde", "Zerai",
         "Negash", "Fitsum", "Okbazghi", "Debesai", "Kahsay", "Abraha", "Weldu"),
    ),
    "afghan": (
        ("Ahmad", "Mohammad", "Abdul", "Farid", "Hamid", "Jawad", "Mustafa", "Nasir",
         "Rahim", "Sayed", "Wahid", "Zabihullah", "Ali", "Reza", "Habib", "Hamed", "Omid",
         "Sohrab", "Javid", "Karim"),
        ("Farzana", "Mariam", "Zahra", "Fatima", "Parwana", "Nargis", "Shabnam", "Laila",
         "Sima", "Hamida", "Roya", "Mursal", "Nazanin", "Sadia", "Homa", "Gulalai",
         "Freshta", "Shirin", "Marzia", "Tahmina"),
        ("Ahmadi", "Rahimi", "Hakimi", "Karimi", "Mohammadi", "Sultani", "Hashimi", "Noori",
         "Rezaei", "Sadat", "Stanikzai", "Popal", "Amiri", "Nazari", "Haidari", "Jafari",
         "Rasuli", "Wardak", "Azizi", "Safi"),
    ),
    "persian": (
        ("Reza", "Ali", "Mehdi", "Hossein", "Amir", "Saeed", "Hamid", "Majid", "Behzad",
         "Farshad", "Arash", "Babak", "Dariush", "Kaveh", "Omid", "Navid", "Payam",
         "Ramin", "Shahin", "Kamran"),
        ("Maryam", "Zahra", "Fatemeh", "Sara", "Neda", "Leila", "Shirin", "Parisa", "Mina",
         "Roya", "Nasrin", "Azadeh", "Golnaz", "Mahsa", "Samira", "Taraneh", "Yasaman",
         "Elham", "Ladan", "Bahar"),
        ("Hosseini", "Mohammadi", "Karimi", "Rezaei", "Moradi", "Ahmadi", "Jafari",
         "Rahimi", "Kazemi", "Sadeghi", "Ebrahimi", "Ghorbani", "Nazari", "Tehrani",
         "Shirazi", "Rostami", "Farahani", "Asadi", "Bagheri", "Mousavi"),
    ),
    "somali": (
        ("Abdi", "Mohamed", "Ahmed", "Hassan", "Abdullahi", "Farah", "Omar", "Yusuf",
         "Ismail", "Abdirahman", "Said", "Mahad", "Khalid", "Bashir", "Liban", "Hamza",
         "Jama", "Guled", "Nur", "Ayanle"),
        ("Hodan", "Fadumo", "Amina", "Hawa", "Khadija", "Sahra", "Ifrah", "Ayaan",
         "Halima", "Nasra", "Ubah", "Deeqa", "Sagal", "Ladan", "Asha", "Maryan", "Hibo",
         "Farhiya", "Idil", "Zamzam"),
        ("Abdi", "Ali", "Hassan", "Mohamed", "Warsame", "Farah", "Osman", "Jama", "Aden",
         "Hersi", "Egal", "Duale", "Yusuf", "Ismail", "Noor", "Gedi", "Samatar", "Elmi",
         "Mohamud", "Nur"),
    ),
    "central_african": (
        ("Jean", "Patrick", "Emmanuel", "Joseph", "Pierre", "Daniel", "David", "Samuel",
         "Mathieu", "Olivier", "Christian", "Didier", "Eric", "Fiston", "Gloire"),
        ("Marie", "Esther", "Grace", "Sarah", "Rebecca", "Josephine", "Christine", "Alice",
         "Agnes", "Solange", "Claudine", "Nadine", "Furaha", "Neema", "Riziki"),
        ("Mukendi", "Ilunga", "Kasongo", "Mbuyi", "Kalala", "Tshibangu", "Ngoy", "Mwamba",
         "Kabongo", "Lukusa", "Mutombo", "Banza", "Kayembe", "Mulumba", "Nsimba"),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class YearFlow:
    """Arrivals of one year by source. `quota` are the refugees visited to the
    municipality, `quota_previous_year` of them counted against last year's quota."""

    quota: int
    quota_previous_year: int = 0
    family_refugee: int = 0
    moved: int = 0
    last_day: date | None = None  # the last day with arrivals (default: 31 December)


@dataclass(frozen=True)
class LocalityCount:
    name: str
    adults: int
    children: int


@dataclass(frozen=True)
class ExactCohort:
    """A year whose arrivals reproduce published tables exactly: the education of the
    adults who arrived and the permanent placements by locality (adults/children)."""

    year: int
    education: tuple[tuple[str, int], ...]
    permanent_placements: tuple[LocalityCount, ...]
    # chosen: how many of the year's family reunified live with their sponsor without a
    # placement of their own, and how many unaccompanied minors are placed where
    reunified_without_placement: int = 8
    unaccompanied_placed: int = 0
    unaccompanied_locality: str = ""


@dataclass(frozen=True)
class RegistrySpec:
    """Everything that makes one municipality's synthetic registry."""

    kommunekode: str
    localities: tuple[tuple[str, float], ...]  # name and weight for placements
    neighbours: tuple[str, ...]  # kommunekoder people move in from
    flows: Mapping[int, YearFlow]
    exact: tuple[ExactCohort, ...] = ()


def visited_flows(
    *, share: float, first_year: int = FIRST_YEAR, overrides: Mapping[int, YearFlow] | None = None
) -> dict[int, YearFlow]:
    """Yearly arrivals following the national visitation numbers at `share` of them."""
    flows: dict[int, YearFlow] = {}
    for year in range(first_year, AS_OF.year + 1):
        quota = round(NATIONAL_VISITED[year] * share)
        ratio = FAMILY_PER_REFUGEE.get(year, FAMILY_PER_REFUGEE_LATER)
        flows[year] = YearFlow(
            quota=quota,
            family_refugee=round(quota * ratio),
            moved=max(1, round(quota * MOVED_PER_REFUGEE)),
        )
    flows.update(overrides or {})
    return flows


# Horsens: the draft policy of 2016, pages 3-4 (shared/seeds/002_*.txt; 3.5).
HORSENS_PLACEMENTS_2015 = (
    LocalityCount("Lund", 1, 2),
    LocalityCount("Brædstrup", 7, 9),
    LocalityCount("Hatting", 2, 4),
    LocalityCount("Gedved", 18, 7),
    LocalityCount("Østbirk", 3, 1),
    LocalityCount("Tvingstrup", 5, 14),
    LocalityCount("Søvind", 4, 1),
    LocalityCount("Hovedgård", 4, 4),
    LocalityCount("Horsens by", 41, 25),
)
# Horsens' share of the visited refugees: its 85 + 132 of the 6,048 + 10,592 of 2014-2015.
HORSENS_SHARE = (85 + 132) / (NATIONAL_VISITED[2014] + NATIONAL_VISITED[2015])

HORSENS = RegistrySpec(
    kommunekode="615",
    localities=tuple((c.name, float(c.adults + c.children)) for c in HORSENS_PLACEMENTS_2015),
    # Hedensted, Vejle, Skanderborg, Aarhus, Silkeborg, Ikast-Brande, Odder, København
    neighbours=("766", "630", "746", "751", "740", "756", "727", "101"),
    flows=visited_flows(
        share=HORSENS_SHARE,
        overrides={
            # quota: sourced; family reunified and moved: chosen (the transcript lost them)
            2014: YearFlow(quota=85, quota_previous_year=10, family_refugee=40, moved=12),
            # the table stands "pr. 1. dec. 2015": no arrivals in December
            2015: YearFlow(
                quota=132,
                quota_previous_year=14,
                family_refugee=61,
                moved=18,
                last_day=date(2015, 11, 30),
            ),
        },
    ),
    exact=(
        ExactCohort(
            year=2015,
            education=(
                (EducationLevel.NONE, 102),
                (EducationLevel.VOCATIONAL, 7),
                (EducationLevel.SHORT_HIGHER, 14),
                (EducationLevel.MEDIUM_HIGHER, 4),
                (EducationLevel.LONG_HIGHER, 3),
            ),
            permanent_placements=HORSENS_PLACEMENTS_2015,
            reunified_without_placement=8,
            unaccompanied_placed=2,
            unaccompanied_locality="Horsens by",
        ),
    ),
)

# Furesø: no published figures in the source; a small registry from 2016 at a chosen share.
FURESOE = RegistrySpec(
    kommunekode="190",
    localities=(("Farum", 45.0), ("Værløse", 35.0), ("Hareskov", 10.0), ("Kirke Værløse", 10.0)),
    # Allerød, Hillerød, Egedal, Gladsaxe, Rudersdal, Ballerup, Herlev, København
    neighbours=("201", "219", "240", "159", "230", "151", "163", "101"),
    flows=visited_flows(share=0.0045, first_year=2016),
)

SPECS: Mapping[str, RegistrySpec] = {spec.kommunekode: spec for spec in (FURESOE, HORSENS)}

DEFAULT_SEED = 2015
JOBCENTER = "Jobcenter"
CASEWORKER_USERNAME = "{slug}-sagsbehandler"
_BATCH = 500
_PLAN_ATTEMPTS = 200


# --- Public interface ---------------------------------------------------------------------


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


class SyntheticRegistryError(Exception):
    """The registry cannot be generated (no spec, no jobcenter, inconsistent numbers)."""


@dataclass(frozen=True)
class Summary:
    kommunekode: str
    municipality: str
    seed: int
    created: bool
    persons: int
    households: int = 0
    arrivals: int = 0
    relations: int = 0
    localities: int = 0
    placements: int = 0
    spells: int = 0
    assignments: int = 0

    def line(self) -> str:
        name = f"{self.municipality} ({self.kommunekode})"
        if not self.created:
            return (
                f"Synthetic registry for {name}: already present ({self.persons} persons); "
                "nothing changed."
            )
        return (
            f"Synthetic registry for {name}, seed {self.seed}: created {self.persons} persons "
            f"in {self.households} households, {self.relations} household relations, "
            f"{self.placements} housing placements in {self.localities} new localities, "
            f"{self.spells} status spells, {self.assignments} case assignments."
        )


def generate_registry(
    *, municipality: Municipality, seed: int, stdout: Writer | None = None
) -> Summary:
    """Generate the municipality's synthetic registry, unless it already has persons."""
    spec = SPECS.get(municipality.kommunekode)
    if spec is None:
        raise SyntheticRegistryError(
            f"No synthetic registry is described for kommunekode {municipality.kommunekode}."
        )
    with transaction.atomic():
        # Serialises concurrent runs for the same municipality (PostgreSQL; SQLite's
        # BEGIN IMMEDIATE already does).
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        existing = Person.objects.filter(municipality=municipality).count()
        if existing:
            summary = Summary(
                kommunekode=municipality.kommunekode,
                municipality=municipality.name,
                seed=seed,
                created=False,
                persons=existing,
            )
        else:
            rng = random.Random(f"helhed-synthetic:{spec.kommunekode}:{seed}")  # noqa: S311
            builder = _Builder(spec, rng)
            builder.build()
            summary = builder.write(municipality, seed)
    if stdout is not None:
        stdout.write(summary.line() + "\n")
    return summary


# --- Benefit names and employment (pure functions) ----------------------------------------


def benefit_name_on(start: date) -> str:
    """The name of a benefit that starts on `start`."""
    if start < INTEGRATIONSYDELSE_FROM:
        return KONTANTHJAELP
    if start < SHO_YDELSE_FROM:
        return INTEGRATIONSYDELSE
    if start < KONTANTHJAELP_FROM:
        return SHO_YDELSE
    return KONTANTHJAELP


def named_benefit_spells(start: date, end: date | None) -> list[tuple[date, date | None, str]]:
    """A benefit period cut into spells, each under the name in force during it."""
    pieces: list[tuple[date, date | None, str]] = []
    name = benefit_name_on(start)
    for day, old, new in BENEFIT_RENAMES:
        if name == old and start < day and (end is None or end >= day):
            pieces.append((start, day - timedelta(days=1), name))
            start, name = day, new
    pieces.append((start, end, name))
    return pieces


def years_to_self_support(curve: Sequence[tuple[float, float]], u: float) -> float | None:
    """Inverse of the piecewise-linear share curve: when a person drawing `u` becomes
    self-supporting (None: not within the curve's horizon)."""
    for (t0, s0), (t1, s1) in pairwise(curve):
        if u < s1:
            return t0 + (t1 - t0) * (u - s0) / (s1 - s0) if s1 > s0 else t0
    return None


# --- Building the registry in memory ------------------------------------------------------


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _mod11(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11


class _InfeasibleError(Exception):
    """This random draw cannot meet the exact tables; draw again."""


@dataclass(eq=False)
class _Person:
    sex: str
    birth_date: date
    country: str
    first_name: str
    last_name: str
    household: "_Household"
    cpr: str
    arrived_on: date = date.min
    source: str = ""
    quota_year: int | None = None
    from_kommunekode: str = ""
    denmark_since: date = date.min
    unaccompanied: bool = False
    education: str = EducationLevel.UNKNOWN
    placements: list[tuple[str, bool, date]] = field(default_factory=list)

    def adult_on(self, day: date) -> bool:
        return _age_on(self.birth_date, day) >= 18


@dataclass(eq=False)
class _Household:
    members: list["_Person"] = field(default_factory=list)
    spouses: list[tuple["_Person", "_Person"]] = field(default_factory=list)
    parents: list[tuple["_Person", "_Person"]] = field(default_factory=list)

    @property
    def name(self) -> str:
        head = self.members[0]
        if len(self.members) == 1:
            return f"{head.first_name} {head.last_name}"
        return f"Familien {head.last_name}"


@dataclass
class _ExactPlan:
    # (locality, adults, children, kind); kind: quota, unaccompanied, joined_earlier (a
    # spouse and children joining a refugee who came the year before), joined_same_year
    # (a refugee of this year and the spouse and children who joined them)
    placed: list[tuple[str, int, int, str]]
    carry: set[int]  # indexes into placed: counted against last year's quota
    late_quota: list[tuple[int, int]]  # (adults, children), temporary placement only
    late_family: list[tuple[bool, int]]  # (spouse?, children) living with the sponsor
    moved: list[tuple[int, int]]


class _Builder:
    def __init__(self, spec: RegistrySpec, rng: random.Random) -> None:
        self.spec = spec
        self.rng = rng
        self.persons: list[_Person] = []
        self.households: list[_Household] = []
        self.used_cprs: set[str] = set()  # membership only; never iterated
        self.pool: list[_Person] = []  # single refugees a family may join
        self.quota_taken: Counter[int] = Counter()  # quota persons made ahead, by year
        self.spells: list[tuple[_Person, str, date, date | None, str]] = []

    # random helpers

    def _date(self, lo: date, hi: date) -> date:
        if hi < lo:
            raise _InfeasibleError
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def _weighted(self, items: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]

    def _locality(self) -> str:
        return self._weighted(self.spec.localities)

    def _origin(self, year: int) -> str:
        for until, weights in ORIGINS:
            if year <= until:
                return self._weighted(weights)
        return self._weighted(ORIGINS[-1][1])

    def _names(self, country: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return _NAMES[_NAME_GROUP.get(country, "arabic")]

    def _family_name(self, country: str) -> str:
        return self.rng.choice(self._names(country)[2])

    def _adult_age(self, minimum: int = 18) -> int:
        low, high = self._weighted(ADULT_AGES)
        age = self.rng.randint(low, high)
        return age if age >= minimum else minimum + self.rng.randint(0, 10)

    def _birth(self, on: date, age: int) -> date:
        """A birth date giving exactly `age` on `on`, never 1 January."""
        while True:
            born = _add_years(on, -age) - timedelta(days=self.rng.randint(1, 364))
            if (born.month, born.day) != (1, 1):
                return born

    def _cpr(self, born: date, sex: str) -> str:
        """Synthetic and valid: the century digit fits the year, the last digit the sex,
        and the modulus-11 check fails (see the module docstring)."""
        if 1900 <= born.year <= 1999:
            centuries = "0123"
        elif 2000 <= born.year <= 2036:
            centuries = "456789"
        else:
            raise SyntheticRegistryError(f"No CPR century digit for the year {born.year}.")
        last_digits = "13579" if sex == Sex.MALE else "02468"
        while True:
            digits = (
                born.strftime("%d%m%y")
                + self.rng.choice(centuries)
                + f"{self.rng.randint(0, 99):02d}"
                + self.rng.choice(last_digits)
            )
            if _mod11(digits) != 0 and digits not in self.used_cprs:
                self.used_cprs.add(digits)
                return digits

    def _person(
        self, household: _Household, *, sex: str, born: date, country: str, last_name: str
    ) -> _Person:
        male, female, _ = self._names(country)
        person = _Person(
            sex=sex,
            birth_date=born,
            country=country,
            first_name=self.rng.choice(male if sex == Sex.MALE else female),
            last_name=last_name,
            household=household,
            cpr=self._cpr(born, sex),
        )
        household.members.append(person)
        self.persons.append(person)
        return person

    def _household(self) -> _Household:
        household = _Household()
        self.households.append(household)
        return household

    # families

    def _family(
        self,
        adults: int,
        children: int,
        on: date,
        *,
        unaccompanied: bool = False,
        single_sex: str | None = None,
        min_adult_age: int = 18,
    ) -> _Household:
        """A household that arrives together on `on`: a couple or one adult (or none:
        unaccompanied minors) and their children."""
        country = self._origin(on.year)
        last_name = self._family_name(country)
        household = self._household()
        if unaccompanied:
            for _ in range(children):
                child = self._person(
                    household,
                    sex=Sex.MALE if self.rng.random() < 0.8 else Sex.FEMALE,
                    born=self._birth(on, self.rng.randint(14, OLDEST_CHILD)),
                    country=country,
                    last_name=last_name,
                )
                child.unaccompanied = True
            return household
        ages = sorted((self.rng.randint(0, OLDEST_CHILD) for _ in range(children)), reverse=True)
        minimum = max(min_adult_age, ages[0] + PARENT_GAP if ages else 0)
        parents: list[_Person] = []
        if adults == 2:
            man_age = self._adult_age(minimum)
            woman_age = max(minimum, man_age - self.rng.randint(0, 8))
            parents.append(self._adult(household, Sex.MALE, on, man_age, country, last_name))
            own_name = self._family_name(country) if self.rng.random() < 0.5 else last_name
            parents.append(self._adult(household, Sex.FEMALE, on, woman_age, country, own_name))
            household.spouses.append((parents[0], parents[1]))
        elif adults == 1:
            if single_sex is None:
                single_sex = self._single_sex(with_children=bool(children))
            parents.append(
                self._adult(household, single_sex, on, self._adult_age(minimum), country, last_name)
            )
        for age in ages:
            child = self._person(
                household,
                sex=Sex.MALE if self.rng.random() < 0.5 else Sex.FEMALE,
                born=self._birth(on, age),
                country=country,
                last_name=last_name,
            )
            household.parents.extend((parent, child) for parent in parents)
        return household

    def _adult(
        self, household: _Household, sex: str, on: date, age: int, country: str, last_name: str
    ) -> _Person:
        return self._person(
            household, sex=sex, born=self._birth(on, age), country=country, last_name=last_name
        )

    def _single_sex(self, *, with_children: bool) -> str:
        if with_children:  # single parents: mostly mothers (chosen)
            return Sex.FEMALE if self.rng.random() < 0.8 else Sex.MALE
        return (
            Sex.MALE if self.rng.random() < SINGLE_MAN / (SINGLE_MAN + SINGLE_WOMAN) else Sex.FEMALE
        )

    def _join(self, sponsor: _Person, *, spouse: bool, children: int, on: date) -> list[_Person]:
        """A spouse and/or children reunified with `sponsor` on `on`, in their household."""
        household = sponsor.household
        parents = [sponsor]
        joined: list[_Person] = []
        if spouse:
            if sponsor.sex == Sex.MALE:
                born = sponsor.birth_date + timedelta(days=self.rng.randint(0, 8 * 365))
                born = min(born, _add_years(on, -PARENT_GAP) - timedelta(days=1))
            else:
                born = sponsor.birth_date - timedelta(days=self.rng.randint(0, 8 * 365))
            if (born.month, born.day) == (1, 1):
                born -= timedelta(days=1)
            sex = Sex.FEMALE if sponsor.sex == Sex.MALE else Sex.MALE
            own_name = self._family_name(sponsor.country) if self.rng.random() < 0.5 else ""
            partner = self._person(
                household,
                sex=sex,
                born=born,
                country=sponsor.country,
                last_name=own_name or sponsor.last_name,
            )
            household.spouses.append((sponsor, partner))
            parents.append(partner)
            joined.append(partner)
        youngest = min(_age_on(p.birth_date, on) for p in parents)
        oldest_child = min(OLDEST_CHILD, youngest - PARENT_GAP)
        if children and oldest_child < 0:
            raise SyntheticRegistryError("A sponsor is too young for the children joining them.")
        for _ in range(children):
            child = self._person(
                household,
                sex=Sex.MALE if self.rng.random() < 0.5 else Sex.FEMALE,
                born=self._birth(on, self.rng.randint(0, oldest_child)),
                country=sponsor.country,
                last_name=sponsor.last_name,
            )
            household.parents.extend((parent, child) for parent in parents)
            joined.append(child)
        for person in joined:
            self._arrive(person, on, ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
        return joined

    def _arrive(
        self,
        person: _Person,
        on: date,
        source: str,
        *,
        quota_year: int | None = None,
        from_kommunekode: str = "",
        denmark_since: date | None = None,
    ) -> None:
        person.arrived_on = on
        person.source = source
        person.quota_year = quota_year
        person.from_kommunekode = from_kommunekode
        person.denmark_since = denmark_since or on
        if person.adult_on(on):
            person.education = self._weighted(EDUCATION_WEIGHTS)

    def _arrive_all(
        self, household: _Household, on: date, source: str, quota_year: int | None = None
    ) -> None:
        for person in household.members:
            self._arrive(person, on, source, quota_year=quota_year)

    @staticmethod
    def _place(persons: Sequence[_Person], locality: str, on: date, *, permanent: bool) -> None:
        for person in persons:
            person.placements.append((locality, permanent, on))

    def _settle(self, household: _Household, arrived: date) -> None:
        """A visited household: a temporary home on arrival, usually a permanent one later."""
        self._place(household.members, self._locality(), arrived, permanent=False)
        permanent_on = arrived + timedelta(days=self.rng.randint(30, 150))
        if permanent_on <= AS_OF and (
            arrived < TEMPORARY_ONLY_FROM or self.rng.random() < PERMANENT_AFTER_2019
        ):
            self._place(household.members, self._locality(), permanent_on, permanent=True)

    def _to_pool(self, household: _Household) -> None:
        if len(household.members) == 1 and not household.members[0].unaccompanied:
            self.pool.append(household.members[0])

    def _pick_sponsor(self, on: date, children: int) -> _Person | None:
        minimum = PARENT_GAP + 5 if children else 18
        candidates = [
            p
            for p in self.pool
            if p.arrived_on <= on - REUNIFICATION_WAIT and _age_on(p.birth_date, on) >= minimum
        ]
        if not candidates:
            return None
        sponsor = self.rng.choice(candidates)
        self.pool.remove(sponsor)
        return sponsor

    def _new_sponsor(
        self,
        year: int,
        lo: date,
        hi: date,
        *,
        spouse: bool,
        home: str | None = None,
        home_before: date | None = None,
    ) -> _Person:
        """A single refugee visited in `year` (counted in its quota) whom a family joins;
        given a `home`, placed there permanently before `home_before`."""
        arrived = self._date(lo, hi)
        sex = Sex.MALE if self.rng.random() < (0.85 if spouse else 0.7) else Sex.FEMALE
        household = self._family(1, 0, arrived, single_sex=sex, min_adult_age=PARENT_GAP + 5)
        self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, year)
        self.quota_taken[year] += 1
        if home is None or home_before is None:
            self._settle(household, arrived)
        else:
            self._place(household.members, self._locality(), arrived, permanent=False)
            placed_on = self._date(
                arrived + timedelta(days=30),
                min(arrived + timedelta(days=150), home_before - timedelta(days=1)),
            )
            self._place(household.members, home, placed_on, permanent=True)
        return household.members[0]

    # shapes

    def _quota_shapes(self, total: int) -> list[tuple[int, int, bool]]:
        """Households of visited refugees, (adults, children, unaccompanied), `total` persons."""
        shapes: list[tuple[int, int, bool]] = []
        left = total
        while left > 0:
            draw = self.rng.random()
            if draw < UNACCOMPANIED_SHARE:
                adults, children, alone = 0, 1, True
            elif draw < SINGLE_MAN + SINGLE_WOMAN:
                adults, children, alone = 1, 0, False
            elif draw < SINGLE_MAN + SINGLE_WOMAN + COUPLE:
                adults, children, alone = 2, self._weighted(CHILDREN_OF_COUPLE), False
            else:
                adults, children, alone = 1, self.rng.randint(1, 3), False
            adults = min(adults, left)
            children = min(children, left - adults)
            shapes.append((adults, children, alone))
            left -= adults + children
        return shapes

    def _family_shapes(self, total: int) -> list[tuple[bool, int]]:
        """Family reunifications, (spouse?, children), `total` persons."""
        shapes: list[tuple[bool, int]] = []
        left = total
        while left > 0:
            spouse = self.rng.random() < 0.8
            children = (
                self._weighted(((0, 0.35), (1, 0.25), (2, 0.2), (3, 0.12), (4, 0.08)))
                if spouse
                else self.rng.randint(1, 3)
            )
            children = min(children, left - int(spouse))
            shapes.append((spouse, children))
            left -= int(spouse) + children
        return shapes

    def _moved_shapes(self, total: int) -> list[tuple[int, int]]:
        """Households moving in from another municipality: mostly young singles (3.6)."""
        shapes: list[tuple[int, int]] = []
        left = total
        while left > 0:
            draw = self.rng.random()
            if draw < 0.75:
                adults, children = 1, 0
            elif draw < 0.85:
                adults, children = 2, self.rng.randint(0, 2)
            else:
                adults, children = 1, self.rng.randint(1, 2)
            adults = min(adults, left)
            children = min(children, left - adults)
            shapes.append((adults, children))
            left -= adults + children
        return shapes

    def _split(self, adults: int, children: int) -> list[tuple[int, int]]:
        """`adults` and `children` shared out into households of one or two adults."""
        sizes: list[int] = []
        left = adults
        while left > 0:
            two = left >= 2 and self.rng.random() < 0.5
            sizes.append(2 if two else 1)
            left -= sizes[-1]
        kids = [0] * len(sizes)
        for _ in range(children):
            open_ = [i for i in range(len(sizes)) if kids[i] < 6]
            if not open_:
                raise _InfeasibleError
            kids[self.rng.choices(open_, weights=[sizes[i] for i in open_])[0]] += 1
        return list(zip(sizes, kids, strict=True))

    def _moved(self, first: date, last: date, shapes: Sequence[tuple[int, int]]) -> None:
        for adults, children in shapes:
            arrived = self._date(first, last)
            household = self._family(adults, children, arrived, min_adult_age=20)
            origin = self.rng.choice(self.spec.neighbours)
            since = arrived - timedelta(days=self.rng.randint(180, 4 * 365))
            for person in household.members:
                self._arrive(
                    person,
                    arrived,
                    ArrivalSource.MOVED,
                    from_kommunekode=origin,
                    denmark_since=since,
                )

    # years

    def build(self) -> None:
        exact_years = {cohort.year for cohort in self.spec.exact}
        for cohort in sorted(self.spec.exact, key=lambda c: c.year):
            self._exact_year(cohort)
        for year in sorted(self.spec.flows):
            if year not in exact_years:
                self._generic_year(year, self.spec.flows[year])
        for person in self.persons:
            self._status_spells(person)

    def _year_bounds(self, year: int) -> tuple[date, date]:
        flow = self.spec.flows[year]
        return date(year, 1, 2), min(flow.last_day or date(year, 12, 31), AS_OF)

    def _generic_year(self, year: int, flow: YearFlow) -> None:
        first, last = self._year_bounds(year)
        # The families first: a family joins a single refugee already here, or one who
        # arrives in this year's quota at least REUNIFICATION_WAIT before them.
        groups: list[tuple[_Person, bool, int, date]] = []
        for spouse, children in self._family_shapes(flow.family_refugee):
            arrives = self._date(first, last)
            sponsor = None
            if self.rng.random() < 0.5 or arrives < first + REUNIFICATION_WAIT:
                sponsor = self._pick_sponsor(arrives, children)
            if sponsor is None:
                if arrives < first + REUNIFICATION_WAIT:
                    arrives = self._plan_date(first + REUNIFICATION_WAIT, last)
                sponsor = self._new_sponsor(
                    year, first, arrives - REUNIFICATION_WAIT, spouse=spouse
                )
            groups.append((sponsor, spouse, children, arrives))
        room = flow.quota - self.quota_taken[year] - flow.quota_previous_year
        if room < 0:
            raise SyntheticRegistryError(
                f"{year}: the families need more sponsors than the year's quota of {flow.quota}."
            )
        for count, lo, hi, quota_year in (
            (flow.quota_previous_year, first, date(year, 2, 28), year - 1),
            (room, first, last, year),
        ):
            for adults, children, alone in self._quota_shapes(count):
                arrived = self._date(lo, min(hi, last))
                household = self._family(adults, children, arrived, unaccompanied=alone)
                self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, quota_year)
                self._settle(household, arrived)
                self._to_pool(household)
        for sponsor, spouse, children, arrives in groups:
            joined = self._join(sponsor, spouse=spouse, children=children, on=arrives)
            home = [p for p in sponsor.placements if p[1] and p[2] <= arrives]
            if home and self.rng.random() < 0.5:  # chosen: half move into a new home
                self._place(joined, home[-1][0], arrives, permanent=True)
        self._moved(first, last, self._moved_shapes(flow.moved))

    def _plan_date(self, lo: date, hi: date) -> date:
        try:
            return self._date(lo, hi)
        except _InfeasibleError:
            raise SyntheticRegistryError(
                f"No room for a family reunification between {lo} and {hi}."
            ) from None

    # the exact year

    def _exact_year(self, cohort: ExactCohort) -> None:
        flow = self.spec.flows[cohort.year]
        if cohort.year - 1 not in self.spec.flows:
            raise SyntheticRegistryError(
                f"The exact year {cohort.year} needs the year before it for its sponsors."
            )
        for _ in range(_PLAN_ATTEMPTS):
            try:
                plan = self._plan_exact(cohort, flow)
            except _InfeasibleError:
                continue
            self._materialise_exact(cohort, flow, plan)
            return
        raise SyntheticRegistryError(f"No household plan meets the tables of {cohort.year}.")

    def _plan_exact(self, cohort: ExactCohort, flow: YearFlow) -> _ExactPlan:
        total = flow.quota + flow.family_refugee + flow.moved
        adults = sum(n for _, n in cohort.education)
        placed_adults = sum(c.adults for c in cohort.permanent_placements)
        placed_children = sum(c.children for c in cohort.permanent_placements)
        late_adults = adults - placed_adults
        late_children = total - adults - placed_children
        if late_adults < 0 or late_children < 0:
            raise SyntheticRegistryError(
                f"{cohort.year}: the tables place more persons than arrived."
            )
        placed: list[tuple[str, int, int, str]] = []
        for count in cohort.permanent_placements:
            children = count.children
            if count.name == cohort.unaccompanied_locality:
                children -= cohort.unaccompanied_placed
                placed += [(count.name, 0, 1, "unaccompanied")] * cohort.unaccompanied_placed
            placed += [(count.name, a, c, "quota") for a, c in self._split(count.adults, children)]

        # Some placed households are families reunified in the year (all but
        # reunified_without_placement of them); the rest came under the quota.
        target = flow.family_refugee - cohort.reunified_without_placement
        order = list(range(len(placed)))
        self.rng.shuffle(order)
        reunified = 0
        for greedy in (False, True):
            for i in order:
                name, a, c, kind = placed[i]
                if kind != "quota" or reunified + 1 + c > target:
                    continue
                if not greedy and self.rng.random() < 0.4:
                    continue
                placed[i] = (name, a, c, "joined_earlier" if a == 1 else "joined_same_year")
                reunified += 1 + c
        placed_quota = placed_adults + placed_children - reunified
        late_quota_count = flow.quota - placed_quota
        late_family_count = flow.family_refugee - reunified
        if late_quota_count < 0:
            raise _InfeasibleError
        quota_items = [
            (i, a + c)
            for i, (_, a, c, kind) in enumerate(placed)
            if kind in ("quota", "unaccompanied")
        ]
        carry = self._subset_with_sum(quota_items, flow.quota_previous_year)

        moved = self._moved_shapes(flow.moved)
        moved_adults = sum(a for a, _ in moved)
        moved_children = sum(c for _, c in moved)
        free_adults = late_adults - moved_adults
        free_children = late_children - moved_children
        if free_adults < 0 or free_children < 0:
            raise _InfeasibleError
        family_children = min(free_children, late_family_count // 3)
        family_adults = late_family_count - family_children
        if family_adults > free_adults:
            family_adults = free_adults
            family_children = late_family_count - family_adults
        if family_children > free_children:
            raise _InfeasibleError
        quota_adults = free_adults - family_adults
        quota_children = free_children - family_children
        if quota_adults == 0:
            if quota_children > 2:
                raise _InfeasibleError
            late_quota = [(0, 1)] * quota_children
        else:
            late_quota = self._split(quota_adults, quota_children)
        if family_adults:
            kids = [0] * family_adults
            for _ in range(family_children):
                open_ = [i for i, k in enumerate(kids) if k < 4]
                if not open_:
                    raise _InfeasibleError
                kids[self.rng.choice(open_)] += 1
            late_family = [(True, k) for k in kids]
        else:
            late_family = []
            left = family_children
            while left > 0:
                late_family.append((False, min(left, self.rng.randint(1, 3))))
                left -= late_family[-1][1]
        # Every joined_earlier household and late family has a sponsor in last year's quota.
        previous = self.spec.flows[cohort.year - 1]
        sponsors = sum(1 for p in placed if p[3] == "joined_earlier") + len(late_family)
        if sponsors > previous.quota - previous.quota_previous_year - previous.family_refugee:
            raise _InfeasibleError
        return _ExactPlan(placed, carry, late_quota, late_family, moved)

    def _subset_with_sum(self, items: list[tuple[int, int]], target: int) -> set[int]:
        """Indexes of some of `items` (index, size) whose sizes add up to `target`."""
        items = list(items)
        self.rng.shuffle(items)
        reachable: dict[int, list[int]] = {0: []}
        for index, size in items:
            for total, chosen in list(reachable.items()):
                if total + size <= target and total + size not in reachable:
                    reachable[total + size] = [*chosen, index]
            if target in reachable:
                return set(reachable[target])
        raise _InfeasibleError

    def _materialise_exact(self, cohort: ExactCohort, flow: YearFlow, plan: _ExactPlan) -> None:
        year = cohort.year
        first, last = self._year_bounds(year)
        previous_first, previous_last = self._year_bounds(year - 1)
        start = len(self.persons)

        for i, (locality, adults, children, kind) in enumerate(plan.placed):
            if kind in ("quota", "unaccompanied"):
                carried = i in plan.carry
                arrived = (
                    self._date(first, date(year, 2, 28))
                    if carried
                    else self._date(date(year, 3, 1), date(year, 8, 31))
                )
                household = self._family(
                    adults, children, arrived, unaccompanied=kind == "unaccompanied"
                )
                quota_year = year - 1 if carried else year
                self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, quota_year)
                self._place(household.members, self._locality(), arrived, permanent=False)
                placed_on = self._date(
                    arrived + timedelta(days=30), min(arrived + timedelta(days=100), last)
                )
                self._place(household.members, locality, placed_on, permanent=True)
                self._to_pool(household)
            elif kind == "joined_same_year":
                # A refugee of this year's quota, joined later in the year by the family.
                sponsor_arrived = self._date(first, date(year, 7, 31))
                joined_on = self._date(sponsor_arrived + REUNIFICATION_WAIT, last)
                sponsor = self._family(
                    1, 0, sponsor_arrived, single_sex=Sex.MALE, min_adult_age=PARENT_GAP + 5
                ).members[0]
                self._arrive(sponsor, sponsor_arrived, ArrivalSource.QUOTA_REFUGEE, quota_year=year)
                self._place([sponsor], self._locality(), sponsor_arrived, permanent=False)
                sponsor_home = self._date(
                    sponsor_arrived + timedelta(days=30),
                    min(sponsor_arrived + timedelta(days=100), joined_on),
                )
                self._place([sponsor], locality, sponsor_home, permanent=True)
                joined = self._join(sponsor, spouse=True, children=children, on=joined_on)
                self._place(joined, locality, joined_on, permanent=True)
            else:  # joined_earlier
                joined_on = self._date(first, last)
                sponsor = self._new_sponsor(
                    year - 1,
                    previous_first,
                    min(previous_last, joined_on - REUNIFICATION_WAIT),
                    spouse=True,
                    home=locality,
                    home_before=joined_on,
                )
                joined = self._join(sponsor, spouse=True, children=children, on=joined_on)
                self._place(joined, locality, joined_on, permanent=True)

        for adults, children in plan.late_quota:
            # Arrived in the autumn: a temporary home this year, a permanent one next year.
            arrived = self._date(date(year, 9, 1), last)
            household = self._family(adults, children, arrived, unaccompanied=adults == 0)
            self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, year)
            self._place(household.members, self._locality(), arrived, permanent=False)
            placed_on = max(arrived + timedelta(days=60), date(year + 1, 1, 4)) + timedelta(
                days=self.rng.randint(0, 90)
            )
            if placed_on <= AS_OF:
                self._place(household.members, self._locality(), placed_on, permanent=True)
            self._to_pool(household)

        for spouse, children in plan.late_family:
            # Living with a refugee of last year's quota, without a placement of their own.
            joined_on = self._date(date(year, 3, 1), last)
            sponsor = self._new_sponsor(
                year - 1,
                previous_first,
                min(previous_last, joined_on - REUNIFICATION_WAIT),
                spouse=spouse,
            )
            self._join(sponsor, spouse=spouse, children=children, on=joined_on)

        self._moved(first, last, plan.moved)

        # The exact education table for the adults who arrived in the year.
        cohort_adults = [
            p
            for p in self.persons[start:]
            if p.arrived_on.year == year and p.adult_on(p.arrived_on)
        ]
        levels = [level for level, n in cohort.education for _ in range(n)]
        if len(levels) != len(cohort_adults):
            raise SyntheticRegistryError(
                f"{year}: {len(cohort_adults)} adults arrived, the education table has "
                f"{len(levels)}."
            )
        self.rng.shuffle(levels)
        for person, level in zip(cohort_adults, levels, strict=True):
            person.education = level

    # status spells

    def _status_spells(self, person: _Person) -> None:
        if person.adult_on(person.arrived_on):
            self._adult_spells(person)
            return
        eighteen = _add_years(person.birth_date, 18)
        if eighteen <= AS_OF:
            kind = self._weighted(AT_EIGHTEEN)
            if kind == SpellKind.BENEFIT:
                self._benefit(person, eighteen, None)
            else:
                self.spells.append((person, kind, eighteen, None, ""))

    def _adult_spells(self, person: _Person) -> None:
        """On a benefit from arrival, then (perhaps) self-supporting as the curve says."""
        arrived = person.arrived_on
        factor = (
            FAMILY_EMPLOYMENT_FACTOR
            if person.source == ArrivalSource.FAMILY_REUNIFIED_REFUGEE
            else 1.0
        )
        years = years_to_self_support(EMPLOYMENT_CURVE[person.sex], self.rng.random() / factor)
        timeline: list[tuple[str, date]] = [(SpellKind.BENEFIT, arrived)]
        if years is not None:
            starts = person.denmark_since + timedelta(days=round(years * 365.25))
            if starts <= arrived:
                starts = arrived + timedelta(days=self.rng.randint(30, 180))
            age = _age_on(person.birth_date, starts)
            share = EDUCATION_SHARE_UNDER_30 if age < 30 else EDUCATION_SHARE_OVER_30
            if self.rng.random() < share:
                timeline.append((SpellKind.EDUCATION, starts))
                timeline.append(
                    (SpellKind.JOB, starts + timedelta(days=self.rng.randint(730, 1460)))
                )
            else:
                timeline.append((SpellKind.JOB, starts))
                if self.rng.random() < JOB_ENDS_SHARE:
                    job_lost = starts + timedelta(days=self.rng.randint(180, 900))
                    again = job_lost + timedelta(days=self.rng.randint(60, 360))
                    timeline += [(SpellKind.BENEFIT, job_lost), (SpellKind.JOB, again)]
        timeline = [(kind, day) for kind, day in timeline if day <= AS_OF]
        for (kind, begins), nxt in zip(timeline, [*timeline[1:], None], strict=True):
            ends = None if nxt is None else nxt[1] - timedelta(days=1)
            if kind == SpellKind.BENEFIT:
                self._benefit(person, begins, ends)
            else:
                self.spells.append((person, kind, begins, ends, ""))

    def _benefit(self, person: _Person, begins: date, ends: date | None) -> None:
        for start, end, name in named_benefit_spells(begins, ends):
            self.spells.append((person, SpellKind.BENEFIT, start, end, name))

    # writing

    def write(self, municipality: Municipality, seed: int) -> Summary:
        department = (
            Department.objects.filter(municipality=municipality, name=JOBCENTER).first()
            or Department.objects.filter(
                municipality=municipality, kind=DepartmentKind.JOBCENTER
            ).first()
        )
        if department is None:
            raise SyntheticRegistryError(
                f"{municipality.name} has no jobcenter department for the caseload "
                "(run manage.py load_demo first)."
            )
        caseworker = User.objects.filter(
            municipality=municipality,
            username=CASEWORKER_USERNAME.format(slug=municipality.slug),
        ).first()

        localities = {loc.name: loc for loc in Locality.objects.filter(municipality=municipality)}
        new_localities = [
            Locality(municipality=municipality, name=name)
            for name, _ in self.spec.localities
            if name not in localities
        ]
        Locality.objects.bulk_create(new_localities, batch_size=_BATCH)
        localities.update({loc.name: loc for loc in new_localities})

        households = {
            id(h): Household(municipality=municipality, name=h.name[:120]) for h in self.households
        }
        decisions: dict[tuple[str, str], tuple[bool, str]] = {}
        persons: dict[int, Person] = {}
        arrivals: list[Arrival] = []
        assignments: list[CaseAssignment] = []
        placements: list[HousingPlacement] = []
        for draft in self.persons:
            number = parse_cpr(draft.cpr)
            if number.birth_date != draft.birth_date or number.sex != draft.sex:
                raise SyntheticRegistryError("A synthetic CPR number does not match its person.")
            person = Person(
                municipality=municipality,
                household=households[id(draft.household)],
                cpr_encrypted=encrypt_cpr(number),
                cpr_hash=cpr_lookup_hash(number),
                first_name=draft.first_name,
                last_name=draft.last_name,
                birth_date=number.birth_date,
                sex=number.sex,
                country_of_origin=draft.country,
                education_level=draft.education,
                unaccompanied_minor=draft.unaccompanied,
            )
            persons[id(draft)] = person
            key = (draft.source, draft.country)
            if key not in decisions:
                decisions[key] = target_group_decision(
                    source=draft.source, country_of_origin=draft.country
                )
            in_group, reason = decisions[key]
            arrivals.append(
                Arrival(
                    person=person,
                    arrived_on=draft.arrived_on,
                    source=draft.source,
                    from_kommunekode=draft.from_kommunekode,
                    quota_year=draft.quota_year,
                    in_target_group=in_group,
                    target_group_reason=reason,
                )
            )
            assignments.append(
                CaseAssignment(
                    person=person,
                    department=department,
                    caseworker=caseworker,
                    started_on=draft.arrived_on,
                )
            )
            placements += [
                HousingPlacement(
                    person=person, locality=localities[name], permanent=permanent, placed_on=day
                )
                for name, permanent, day in draft.placements
            ]
        relations = [
            HouseholdRelation(person=persons[id(a)], relative=persons[id(b)], kind=kind)
            for h in self.households
            for kind, pairs in ((RelationKind.SPOUSE, h.spouses), (RelationKind.PARENT, h.parents))
            for a, b in pairs
        ]
        spells = [
            StatusSpell(
                person=persons[id(draft)],
                kind=kind,
                starts_on=starts,
                ends_on=ends,
                benefit_name=name,
            )
            for draft, kind, starts, ends, name in self.spells
        ]
        Household.objects.bulk_create(households.values(), batch_size=_BATCH)
        Person.objects.bulk_create(persons.values(), batch_size=_BATCH)
        Arrival.objects.bulk_create(arrivals, batch_size=_BATCH)
        CaseAssignment.objects.bulk_create(assignments, batch_size=_BATCH)
        HousingPlacement.objects.bulk_create(placements, batch_size=_BATCH)
        HouseholdRelation.objects.bulk_create(relations, batch_size=_BATCH)
        StatusSpell.objects.bulk_create(spells, batch_size=_BATCH)
        return Summary(
            kommunekode=municipality.kommunekode,
            municipality=municipality.name,
            seed=seed,
            created=True,
            persons=len(persons),
            households=len(households),
            arrivals=len(arrivals),
            relations=len(relations),
            localities=len(new_localities),
            placements=len(placements),
            spells=len(spells),
            assignments=len(assignments),
        )
