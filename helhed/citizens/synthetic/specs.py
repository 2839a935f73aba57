# SPDX-License-Identifier: MPL-2.0
"""What makes each municipality's registry: its yearly flows, localities and neighbours.

Horsens and Furesø have specs of their own (Horsens with its exact 2015 tables); the other
96 are derived from the national numbers by population share (helhed/organisations/
kommuner.py), so that the quota arrivals of all 98 add up to NATIONAL_VISITED each year.
`--scale` multiplies every flow (see docs/synthetic-registry.md).
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from helhed.citizens.models import EducationLevel
from helhed.citizens.synthetic.data import (
    AS_OF,
    FAMILY_PER_REFUGEE,
    FAMILY_PER_REFUGEE_LATER,
    FIRST_YEAR,
    MOVED_PER_REFUGEE,
    NATIONAL_FAMILY_OTHER,
    NATIONAL_OTHER_IMMIGRANT,
    NATIONAL_VISITED,
)
from helhed.organisations.kommuner import KOMMUNE_BY_CODE, KOMMUNER, Kommune


@dataclass(frozen=True)
class YearFlow:
    """Arrivals of one year by source. `quota` are the refugees visited to the
    municipality, `quota_previous_year` of them counted against last year's quota."""

    quota: int
    quota_previous_year: int = 0
    family_refugee: int = 0
    moved: int = 0
    family_other: int = 0  # other family reunification (introduktionsprogram)
    other_immigrant: int = 0  # other immigrants (introduktionsforløb)
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

DEMO_SPECS: Mapping[str, RegistrySpec] = {spec.kommunekode: spec for spec in (FURESOE, HORSENS)}
# Chosen: the districts of the four largest cities where refugees are housed; elsewhere
# the main town and the rest of the municipality ("Landdistrikt").
CITY_LOCALITIES: Mapping[str, tuple[tuple[str, float], ...]] = {
    "101": (
        ("Nørrebro", 20.0),
        ("Bispebjerg", 20.0),
        ("Amager Øst", 15.0),
        ("Valby", 15.0),
        ("Brønshøj-Husum", 15.0),
        ("Vesterbro-Kongens Enghave", 15.0),
    ),
    "751": (
        ("Gellerup", 30.0),
        ("Aarhus C", 20.0),
        ("Viby", 20.0),
        ("Hasle", 15.0),
        ("Tilst", 15.0),
    ),
    "461": (("Vollsmose", 35.0), ("Odense C", 25.0), ("Bolbro", 20.0), ("Dalum", 20.0)),
    "851": (("Aalborg Øst", 35.0), ("Aalborg C", 25.0), ("Nørresundby", 25.0), ("Svenstrup", 15.0)),
}
RURAL = "Landdistrikt"


def _apportion(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """`total` shared out in proportion to `weights` by largest remainder (ties: code)."""
    whole = sum(weights.values())
    if total <= 0 or whole <= 0:
        return dict.fromkeys(weights, 0)
    exact = {code: total * w / whole for code, w in weights.items()}
    shares = {code: int(x) for code, x in exact.items()}
    left = total - sum(shares.values())
    for code in sorted(exact, key=lambda c: (shares[c] - exact[c], c))[:left]:
        shares[code] += 1
    return shares


def _scaled(flow: YearFlow, scale: float) -> YearFlow:
    return replace(
        flow,
        quota=round(flow.quota * scale),
        quota_previous_year=round(flow.quota_previous_year * scale),
        family_refugee=round(flow.family_refugee * scale),
        moved=round(flow.moved * scale),
        family_other=round(flow.family_other * scale),
        other_immigrant=round(flow.other_immigrant * scale),
    )


def _neighbours(kommune: Kommune) -> tuple[str, ...]:
    """Chosen: the six most populous other municipalities of the region, and København."""
    region = sorted(
        (k for k in KOMMUNER if k.region == kommune.region and k.code != kommune.code),
        key=lambda k: (-k.population, k.code),
    )
    codes = [k.code for k in region[:6]]
    if kommune.code != "101" and "101" not in codes:
        codes.append("101")
    return tuple(codes)


def _localities(kommune: Kommune) -> tuple[tuple[str, float], ...]:
    return CITY_LOCALITIES.get(kommune.code, ((kommune.main_town, 75.0), (RURAL, 25.0)))


@cache
def national_specs(scale: float = 1.0) -> Mapping[str, RegistrySpec]:
    """A spec for each of the 98 municipalities, `scale` times the national numbers.

    At scale 1 Horsens and Furesø keep their own specs; at any other scale their flows
    are multiplied too and Horsens' exact cohort is dropped (a table of 132 refugees
    cannot be reproduced by ten times as many).
    """
    fixed = {
        code: spec
        if scale == 1
        else replace(
            spec,
            flows={year: _scaled(flow, scale) for year, flow in spec.flows.items()},
            exact=(),
        )
        for code, spec in DEMO_SPECS.items()
    }
    derived = {k.code: float(k.population) for k in KOMMUNER if k.code not in fixed}
    derived_share = sum(derived.values()) / sum(k.population for k in KOMMUNER)
    flows: dict[str, dict[int, YearFlow]] = {code: {} for code in derived}
    for year in range(FIRST_YEAR, AS_OF.year + 1):
        taken = sum(s.flows[year].quota for s in fixed.values() if year in s.flows)
        quotas = _apportion(round(NATIONAL_VISITED[year] * scale) - taken, derived)
        family_other = _apportion(round(NATIONAL_FAMILY_OTHER * scale * derived_share), derived)
        other = _apportion(round(NATIONAL_OTHER_IMMIGRANT * scale * derived_share), derived)
        ratio = FAMILY_PER_REFUGEE.get(year, FAMILY_PER_REFUGEE_LATER)
        for code, quota in quotas.items():
            flows[code][year] = YearFlow(
                quota=quota,
                family_refugee=round(quota * ratio),
                moved=round(quota * MOVED_PER_REFUGEE),
                family_other=family_other[code],
                other_immigrant=other[code],
            )
    specs: dict[str, RegistrySpec] = dict(fixed)
    for code, yearly in flows.items():
        kommune = KOMMUNE_BY_CODE[code]
        specs[code] = RegistrySpec(
            kommunekode=code,
            localities=_localities(kommune),
            neighbours=_neighbours(kommune),
            flows=yearly,
        )
    return {code: specs[code] for code in sorted(specs)}


def spec_for(kommunekode: str, *, scale: float = 1.0) -> RegistrySpec | None:
    return national_specs(scale).get(kommunekode)
