# SPDX-License-Identifier: MPL-2.0
"""The dashboard's body from the cache (docs/adr/0039): served again without being built,
yet a registry change shows in the next view, the counts link to the persons only for
those who may drill down, tenants never share an entry, the language is part of the key,
and the drill-down is never cached: one audit event per read."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhed.audit.models import AuditEvent
from helhed.caseplans.tests.conftest import COPENHAGEN
from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.indicators.definitions.base import month_of
from helhed.indicators.reports.dashboard_cache import _series_reader, dashboard_cache_key
from helhed.indicators.reports.data_stamps import dashboard_stamps
from helhed.indicators.selectors import SampledChanges, running_series, value_at
from helhed.indicators.tests.conftest import TODAY
from helhed.organisations.models import Municipality, User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import Objective, Policy, PolicyVersion, Status, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
URL = "/app/indikatorer/dashboard/"
MARCH = {"aar": "2025", "maaned": "3"}
PERSONS = "/app/indikatorer/dashboard/personer/"
MARCH_2025 = month_of(date(2025, 3, 1))


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def arrivals(actor: User, n: int) -> None:
    for _ in range(n):
        register(actor, arrived_on=date(2025, 3, 4), source=ArrivalSource.ASYLUM)


def asylum_row(body: str) -> str:
    """The row of the table of every indicator that counts the month's asylum arrivals."""
    rows = [
        r for r in re.findall(r"<tr>.*?</tr>", body, re.S) if "<td>Flygtning med asyl</td>" in r
    ]
    assert len(rows) == 1
    return re.sub(r"\s+", " ", rows[0])


def viewed(client: Client, query: dict[str, str] = MARCH) -> tuple[bool, str]:
    """The page, and whether it was built (the aggregates read) rather than served cached."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, query)
    assert response.status_code == 200
    read_aggregates = any("indicators_indicatorvalue" in q["sql"] for q in captured)
    return read_aggregates, response.content.decode()


def test_the_second_view_is_served_from_the_cache(manager: User, caseworker: User) -> None:
    arrivals(caseworker, 3)
    client = signed_in(manager)
    first_built, first = viewed(client)
    second_built, second = viewed(client)

    assert first_built
    assert not second_built
    assert asylum_row(second) == asylum_row(first)
    assert "Nøgletal, marts 2025" in second


def test_a_registry_change_shows_in_the_next_view(manager: User, caseworker: User) -> None:
    arrivals(caseworker, 3)
    client = signed_in(manager)
    _, before = viewed(client)
    assert ">3</a>" in asylum_row(before)

    arrivals(caseworker, 1)

    rebuilt, after = viewed(client)
    assert rebuilt
    assert ">4</a>" in asylum_row(after)


def test_a_new_target_of_the_policy_in_force_shows_in_the_next_view(
    own_municipality: Municipality, manager: User
) -> None:
    client = signed_in(manager)
    viewed(client)
    policy_in_force(own_municipality)

    rebuilt, after = viewed(client)
    assert rebuilt
    assert "Flere modtages godt" in after


def test_a_policy_officer_gets_no_links_cached_for_a_manager(
    manager: User, policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 3)
    assert PERSONS in viewed(signed_in(manager))[1]

    _, body = viewed(signed_in(policy_officer))

    assert PERSONS not in body
    assert ">3</td>" in asylum_row(body)


def test_a_manager_gets_the_links_after_a_policy_officer(
    manager: User, policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 3)
    assert PERSONS not in viewed(signed_in(policy_officer))[1]

    _, body = viewed(signed_in(manager))

    assert PERSONS in asylum_row(body)


def test_tenants_never_share_an_entry(
    manager: User, caseworker: User, other_policy_officer: User, other_caseworker: User
) -> None:
    arrivals(caseworker, 3)
    arrivals(other_caseworker, 5)
    assert ">3</a>" in asylum_row(viewed(signed_in(manager))[1])

    _, body = viewed(signed_in(other_policy_officer))

    assert ">5</td>" in asylum_row(body)
    assert ">3<" not in asylum_row(body)
    # the key names the municipality, whatever the stamp
    ids = [m.id for m in Municipality.objects.filter(users__in=[caseworker, other_caseworker])]
    keys = [
        dashboard_cache_key(
            municipality_id=i, month=MARCH_2025, today=TODAY, links=False, stamp="same"
        )
        for i in ids
    ]
    assert len(ids) == 2
    for own, other, key in zip(ids, reversed(ids), keys, strict=True):
        assert str(own) in key
        assert str(other) not in key


def test_the_language_is_part_of_the_key(manager: User, caseworker: User) -> None:
    arrivals(caseworker, 2)
    client = signed_in(manager)
    assert "De seneste tolv måneder" in viewed(client)[1]

    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    _, english = viewed(client)
    client.post(reverse("core:set_language"), {"language": "da", "next": "/"})
    _, danish = viewed(client)

    assert "The last twelve months" in english
    assert "De seneste tolv måneder" not in english
    assert "De seneste tolv måneder" in danish
    assert "The last twelve months" not in danish


def test_each_drilldown_read_is_still_an_audit_event(caseworker: User) -> None:
    arrivals(caseworker, 3)
    client = signed_in(caseworker)
    viewed(client)
    _, body = viewed(client)  # from the cache
    link = re.search(r'href="(/app/indikatorer/dashboard/personer/\?[^"]+)"', asylum_row(body))
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    before = AuditEvent.objects.count()

    for _ in range(2):
        response = client.get(href)
        assert response.status_code == 200
        assert "Haddad" in response.content.decode()

    assert AuditEvent.objects.count() == before + 2


# --- the policy in force kept apart (docs/adr/0046-first-view-of-report-pages.md) --------


def policy_in_force(
    municipality: Municipality,
    *,
    title: str = "Politik",
    period: tuple[int, int] = (2025, 2026),
    description: str = "Flere modtages godt",
    value: int = 2,
) -> Target:
    """An adopted policy of the municipality with one target on the arrivals."""
    version = PolicyVersion.objects.create(
        policy=Policy.objects.create(municipality=municipality),
        number=1,
        status=Status.ADOPTED,
        title=title,
        period_start=period[0],
        period_end=period[1],
    )
    return Target.objects.create(
        version=version,
        objective=Objective.objects.create(version=version, text="Modtagelse"),
        description=description,
        indicator_key="arrivals_by_source",
        value=Decimal(value),
        comparator="gte",
        unit="persons",
        deadline=date(period[1], 12, 31),
    )


def read_policy(client: Client) -> tuple[bool, bool, str]:
    """Whether the view read the aggregates and the policy's targets (through the ORM, not
    the stamp's plain query of their ids), and the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, MARCH)
    assert response.status_code == 200
    sql = [q["sql"] for q in captured]
    return (
        any("indicators_indicatorvalue" in q for q in sql),
        any('FROM "policies_target"' in q for q in sql),
        response.content.decode(),
    )


def test_a_registry_change_rebuilds_the_body_from_the_policy_kept(
    own_municipality: Municipality, manager: User, caseworker: User
) -> None:
    policy_in_force(own_municipality)
    arrivals(caseworker, 3)
    client = signed_in(manager)
    aggregates, targets, before = read_policy(client)
    assert aggregates
    assert targets
    assert ">3</a>" in asylum_row(before)

    arrivals(caseworker, 1)

    aggregates, targets, after = read_policy(client)
    assert aggregates
    assert not targets
    assert ">4</a>" in asylum_row(after)
    assert "Flere modtages godt" in after


def test_a_target_edited_after_a_registry_change_shows_in_the_next_view(
    own_municipality: Municipality, manager: User, caseworker: User
) -> None:
    target = policy_in_force(own_municipality)
    client = signed_in(manager)
    read_policy(client)
    arrivals(caseworker, 1)
    assert not read_policy(client)[1]  # the policy kept

    with time_machine.travel(datetime(2026, 12, 2, 12, 1, tzinfo=COPENHAGEN), tick=False):
        target.description = "Endnu flere modtages godt"
        target.value = Decimal(7)
        target.save()

    _, targets, after = read_policy(client)
    assert targets
    assert "Endnu flere modtages godt (mindst 7 personer)" in after


def test_a_newer_policy_adopted_after_a_registry_change_shows_in_the_next_view(
    own_municipality: Municipality, manager: User, caseworker: User
) -> None:
    policy_in_force(own_municipality)
    client = signed_in(manager)
    read_policy(client)
    arrivals(caseworker, 1)
    read_policy(client)

    # another policy's version, whose period reaches further
    policy_in_force(
        own_municipality,
        title="Ny politik",
        period=(2026, 2028),
        description="Alle modtages godt",
        value=3,
    )

    after = read_policy(client)[2]
    assert "Alle modtages godt" in after
    assert "Flere modtages godt" not in after


def test_the_policys_stamp_changes_with_the_policy_only(
    own_municipality: Municipality, caseworker: User
) -> None:
    target = policy_in_force(own_municipality)
    policy = dashboard_stamps(municipality_id=own_municipality.id).policy

    arrivals(caseworker, 2)  # the registry
    own_municipality.save()  # the issuer's row: the page's stamp, not the policy's
    assert dashboard_stamps(municipality_id=own_municipality.id).policy == policy

    seen = {policy}
    for minutes, part in enumerate([target, target.objective, target.version], start=1):
        with time_machine.travel(datetime(2026, 12, 2, 12, minutes, tzinfo=COPENHAGEN), tick=False):
            part.save()
        seen.add(dashboard_stamps(municipality_id=own_municipality.id).policy)
        assert len(seen) == minutes + 1, part


def test_a_policy_change_rebuilds_the_body_from_the_series_kept(
    own_municipality: Municipality, manager: User, caseworker: User
) -> None:
    target = policy_in_force(own_municipality)
    arrivals(caseworker, 3)
    client = signed_in(manager)
    aggregates, _targets, before = read_policy(client)
    assert aggregates
    assert ">3</a>" in asylum_row(before)

    # the target's words change, not its deadline: the same months are read
    with time_machine.travel(datetime(2026, 12, 2, 12, 1, tzinfo=COPENHAGEN), tick=False):
        target.description = "Endnu flere modtages godt"
        target.save()

    aggregates, targets, after = read_policy(client)
    assert targets  # the body was built again, with the policy read afresh
    assert not aggregates  # from the series kept under the registry's stamp
    assert "Endnu flere modtages godt" in after
    assert asylum_row(after) == asylum_row(before)

    arrivals(caseworker, 1)

    aggregates, _targets, latest = read_policy(client)
    assert aggregates
    assert ">4</a>" in asylum_row(latest)


def test_the_series_kept_are_the_series_read_and_refuse_other_months(
    own_municipality: Municipality, caseworker: User
) -> None:
    arrivals(caseworker, 3)
    registry = dashboard_stamps(municipality_id=own_municipality.id).registry
    until, months = month_of(TODAY), {MARCH_2025 - 1, MARCH_2025, MARCH_2025 + 2}
    fresh = running_series(own_municipality.id, until, at=months)
    assert fresh

    read = _series_reader(registry)
    first = read(own_municipality.id, until, months)
    with CaptureQueriesContext(connection) as again:
        kept = read(own_municipality.id, until, sorted(months, reverse=True))
    with CaptureQueriesContext(connection) as other_months:
        read(own_municipality.id, until, {MARCH_2025})
    with CaptureQueriesContext(connection) as other_registry:
        read_series = _series_reader(f"{registry}0")
        read_series(own_municipality.id, until, months)

    assert len(again) == 0
    assert len(other_months) == len(other_registry) == 1
    assert first == kept == fresh
    for cell, changes in kept.items():
        asked = fresh[cell]
        assert isinstance(changes, SampledChanges)
        assert isinstance(asked, SampledChanges)
        assert (changes.exact, changes.until) == (asked.exact, asked.until)
        assert value_at(changes, MARCH_2025) == value_at(fresh[cell], MARCH_2025)
        with pytest.raises(ValueError, match="other months"):
            value_at(changes, MARCH_2025 + 1)
