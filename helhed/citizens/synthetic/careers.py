# SPDX-License-Identifier: MPL-2.0
"""What happens to a person after arrival: status spells, programme, Danish education.

Status: an adult starts on a benefit on arrival; from then on the status is drawn month
by month (see CHURN_RHO in data.py) so that the share self-supporting after t years in
Denmark follows the sourced curve for the person's sex and arrival source, while people
move in and out of work. A child who arrived starts at 18 in the same way.
"""

import math
import random
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from statistics import NormalDist

from helhed.citizens.models import ArrivalSource, DanishTestKind, DanishTrack, SpellKind
from helhed.citizens.synthetic.benefits import named_benefit_spells, share_on
from helhed.citizens.synthetic.data import (
    AS_OF,
    AT_EIGHTEEN_EDUCATION,
    AT_EIGHTEEN_SELF_SUPPORTING,
    CHURN_RHO,
    EDUCATION_SHARE_OVER_30,
    EDUCATION_SHARE_UNDER_30,
    EMPLOYMENT_CURVE,
    FAMILY_EMPLOYMENT_FACTOR,
    FINAL_TEST,
    MONTH_DAYS,
    MONTHS_PER_MODULE,
    OTHERS_CURVE,
    PASSES_SHARE,
    PROGRAMME_ENDS_AFTER_SELF_SUPPORT,
    PROGRAMME_OF_SOURCE,
    PROGRAMME_YEARS,
    REFERRED_LATE_SHARE,
    STOPS_EARLY_SHARE,
    STUDIEPROEVEN_SHARE,
    TEST_SESSIONS,
    TRACK_BY_EDUCATION,
)
from helhed.citizens.synthetic.drafts import DanishDraft, DraftPerson, Spell
from helhed.core.dates import add_years, age_on

Curve = Sequence[tuple[float, float]]
_INNOVATION = math.sqrt(1 - CHURN_RHO**2)
_YEAR = 365.25
_NORMAL = NormalDist()


@cache
def _threshold(curve: Curve, days: int) -> float:
    """z below which a person `days` after arriving in Denmark is self-supporting:
    P(z < threshold) is the curve's share then."""
    share = share_on(curve, days / _YEAR)
    if share <= 0:
        return -math.inf
    return math.inf if share >= 1 else _NORMAL.inv_cdf(share)


def curve_of(person: DraftPerson) -> Curve:
    """The share self-supporting after t years in Denmark for the person's group."""
    if person.source in (ArrivalSource.FAMILY_REUNIFIED_OTHER, ArrivalSource.OTHER_IMMIGRANT):
        return OTHERS_CURVE
    curve = EMPLOYMENT_CURVE[person.sex]
    if person.source == ArrivalSource.FAMILY_REUNIFIED_REFUGEE:
        return tuple((t, s * FAMILY_EMPLOYMENT_FACTOR) for t, s in curve)
    return curve


def _self_supporting_kind(rng: random.Random, person: DraftPerson, on: date) -> str:
    age = age_on(person.birth_date, on)
    if not person.adult_on(person.arrived_on) and age < 22:
        share = AT_EIGHTEEN_EDUCATION
    else:
        share = EDUCATION_SHARE_UNDER_30 if age < 30 else EDUCATION_SHARE_OVER_30
    return SpellKind.EDUCATION if rng.random() < share else SpellKind.JOB


def status_spells(rng: random.Random, person: DraftPerson) -> list[Spell]:
    """The person's spells up to AS_OF, never overlapping; the last one may be open."""
    if person.adult_on(person.arrived_on):
        begins, since, curve, first_is_benefit = (
            person.arrived_on,
            person.denmark_since,
            curve_of(person),
            True,
        )
    else:
        begins = add_years(person.birth_date, 18)
        since, first_is_benefit = begins, False
        curve = ((0, AT_EIGHTEEN_SELF_SUPPORTING), (1, AT_EIGHTEEN_SELF_SUPPORTING))
        if begins > AS_OF:
            return []
    # The monthly status process: (kind, first day) each time the kind changes.
    changes: list[tuple[str, date]] = []
    z = rng.gauss(0.0, 1.0)
    day, kind = begins, ""
    while day <= AS_OF:
        supported = z < _threshold(curve, (day - since).days)
        if first_is_benefit and day == begins:
            supported = False
        if not supported:
            if kind != SpellKind.BENEFIT:
                kind = SpellKind.BENEFIT
                changes.append((kind, day))
        elif kind in ("", SpellKind.BENEFIT):
            kind = _self_supporting_kind(rng, person, day)
            changes.append((kind, day))
        z = CHURN_RHO * z + _INNOVATION * rng.gauss(0.0, 1.0)
        day += timedelta(days=MONTH_DAYS)
    spells: list[Spell] = []
    for (kind, start), nxt in zip(changes, [*changes[1:], None], strict=True):
        end = None if nxt is None else nxt[1] - timedelta(days=1)
        if kind == SpellKind.BENEFIT:
            spells += [(kind, s, e, name) for s, e, name in named_benefit_spells(start, end)]
        else:
            spells.append((kind, start, end, ""))
    return spells


def programme(person: DraftPerson) -> tuple[str, date, date | None] | None:
    """The adult's programme from the takeover (arrival) until self-supporting for
    PROGRAMME_ENDS_AFTER_SELF_SUPPORT unbroken, at most PROGRAMME_YEARS after arriving in
    Denmark; open if it runs past AS_OF. None for children and for those who moved in
    after their five years."""
    kind = PROGRAMME_OF_SOURCE.get(person.source)
    if kind is None or not person.adult_on(person.arrived_on):
        return None
    starts = person.arrived_on
    latest = add_years(person.denmark_since, PROGRAMME_YEARS) - timedelta(days=1)
    if latest < starts:
        return None
    ends = latest
    run_start: date | None = None
    for spell_kind, begins, spell_end, _ in person.spells:
        if spell_kind == SpellKind.BENEFIT:
            run_start = None
            continue
        run_start = run_start or begins
        done = run_start + PROGRAMME_ENDS_AFTER_SELF_SUPPORT
        if spell_end is None or spell_end >= done:
            ends = min(ends, done)
            break
    return kind, starts, (ends if ends <= AS_OF else None)


def _test_day(rng: random.Random, after: date) -> date:
    """A day of the first test session after `after`."""
    for year in (after.year, after.year + 1):
        for month, first, last in TEST_SESSIONS:
            day = date(year, month, rng.randint(first, last))
            if day > after:
                return day
    raise AssertionError("unreachable")  # pragma: no cover


def danish_education(rng: random.Random, person: DraftPerson) -> DanishDraft | None:
    """Danish education for an adult in a programme: referral, track, module, test."""
    if person.programme is None:
        return None
    late = rng.random() < REFERRED_LATE_SHARE
    referred = person.arrived_on + timedelta(
        days=rng.randint(31, 120) if late else rng.randint(5, 30)
    )
    if referred > AS_OF:
        return None
    weights = TRACK_BY_EDUCATION.get(
        person.education, ((DanishTrack.DU1, 0.2), (DanishTrack.DU2, 0.5), (DanishTrack.DU3, 0.3))
    )
    track = rng.choices([t for t, _ in weights], weights=[w for _, w in weights])[0]
    test, last_module = FINAL_TEST[track]
    if track == DanishTrack.DU3 and rng.random() < STUDIEPROEVEN_SHARE:
        test, last_module = DanishTestKind.STUDIEPROEVEN, 6
    months = MONTHS_PER_MODULE[track]
    stops = rng.random() < STOPS_EARLY_SHARE
    target = rng.randint(1, last_module - 1) if stops else last_module
    elapsed = (AS_OF - referred).days // MONTH_DAYS
    module = min(target, 1 + elapsed // months, 6)
    if stops or module < last_module or rng.random() >= PASSES_SHARE:
        return DanishDraft(track=track, module=module, referred_on=referred)
    passed = _test_day(rng, referred + timedelta(days=last_module * months * MONTH_DAYS))
    if passed > AS_OF:
        return DanishDraft(track=track, module=module, referred_on=referred)
    return DanishDraft(
        track=track, module=module, referred_on=referred, test=test, test_passed_on=passed
    )
