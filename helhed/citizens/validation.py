# SPDX-License-Identifier: MPL-2.0
"""The registry's rules for one fact, as pure functions over plain values.

The services (one fact typed in a form) and the import (a file of many) both call these,
so a rule and its message exist once. Each function returns the problems it finds as
{field: message}; an empty dict means the fact is acceptable. Nothing here queries the
database: the caller passes what it knows (the person's birth date, the other periods).
"""

import re
from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

from helhed.citizens.models import TESTS_OF_TRACK, DanishTestKind, DanishTrack

Errors = dict[str, str]


class Period(Protocol):
    @property
    def starts_on(self) -> date: ...

    @property
    def ends_on(self) -> date | None: ...


PeriodT = TypeVar("PeriodT", bound=Period)

KOMMUNEKODE = re.compile(r"[0-9]{3}")


def first_overlap(
    periods: Iterable[PeriodT], starts_on: date, ends_on: date | None
) -> PeriodT | None:
    """The first of `periods` (each with starts_on/ends_on, open-ended when None) that
    overlaps the period from `starts_on` to `ends_on`."""
    this_end = ends_on or date.max
    for other in periods:
        if starts_on <= (other.ends_on or date.max) and other.starts_on <= this_end:
            return other
    return None


def arrival_errors(
    *, arrived_on: date, birth_date: date, source: str, from_kommunekode: str, today: date
) -> Errors:
    errors: Errors = {}
    if arrived_on > today:
        errors["arrived_on"] = _("The arrival date is in the future.")
    elif arrived_on < birth_date:
        errors["arrived_on"] = _("The arrival date is before the birth date.")
    if source == "moved" and not from_kommunekode:
        errors["from_kommunekode"] = _("Give the kommunekode of the municipality moved from.")
    elif from_kommunekode and source != "moved":
        errors["from_kommunekode"] = _("A kommunekode is given only for a move.")
    elif from_kommunekode and not KOMMUNEKODE.fullmatch(from_kommunekode):
        errors["from_kommunekode"] = _("A kommunekode is three digits, for example 190 or 615.")
    return errors


def parent_errors(*, parent_birth_date: date, child_birth_date: date) -> Errors:
    if parent_birth_date >= child_birth_date:
        return {"relative": _("A child cannot be older than its parent.")}
    return {}


def spell_errors(
    *, kind: str, starts_on: date, ends_on: date | None, birth_date: date, benefit_name: str
) -> Errors:
    errors: Errors = {}
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The spell cannot end before it starts.")
    if starts_on < birth_date:
        errors["starts_on"] = _("The spell cannot start before the person was born.")
    if kind == "benefit" and not benefit_name.strip():
        errors["benefit_name"] = _("Give the name of the benefit as it was called at the time.")
    return errors


def spell_overlap_message(*, kind_label: str, starts_on: date) -> str:
    return _("The spell overlaps the person's spell %(kind)s from %(start)s.") % {
        "kind": kind_label,
        "start": starts_on.isoformat(),
    }


def placement_errors(*, placed_on: date, birth_date: date) -> Errors:
    if placed_on < birth_date:
        return {"placed_on": _("The placement date is before the birth date.")}
    return {}


def unknown_locality_message(name: str) -> str:
    return _("%(name)s is not a locality of the municipality.") % {"name": name}


def danish_errors(
    *,
    track: str,
    referred_on: date,
    test: str,
    test_passed_on: date | None,
    birth_date: date,
    today: date,
) -> Errors:
    errors: Errors = {}
    if referred_on < birth_date or referred_on > today:
        errors["referred_on"] = _("The referral date must lie between the birth date and today.")
    if test and track in TESTS_OF_TRACK and test not in TESTS_OF_TRACK[DanishTrack(track)]:
        errors["test"] = _("%(test)s does not end %(track)s.") % {
            "test": DanishTestKind(test).label,
            "track": DanishTrack(track).label,
        }
    if test and test_passed_on is None:
        errors["test_passed_on"] = _("Give the date the test was passed.")
    if test_passed_on is not None and not test:
        errors["test"] = _("Choose the test that was passed.")
    if test_passed_on is not None and not referred_on <= test_passed_on <= today:
        errors["test_passed_on"] = _("The test date must lie between the referral and today.")
    return errors


def programme_errors(*, starts_on: date, ends_on: date | None, birth_date: date) -> Errors:
    errors: Errors = {}
    if starts_on < birth_date:
        errors["starts_on"] = _("The programme cannot start before the person was born.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The programme cannot end before it starts.")
    return errors


def programme_overlap_message(*, kind_label: str, starts_on: date) -> str:
    return _("The person is already in %(programme)s from %(start)s.") % {
        "programme": kind_label,
        "start": starts_on.isoformat(),
    }
