# SPDX-License-Identifier: MPL-2.0
"""The follow-up page from the cache (docs/adr/0039): served again without being built,
yet a change to the registry or the plans shows in the next view, a politician never gets
the staff's exact figures (nor the staff the politician's), tenants never share an entry,
and the language is part of the key."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhed.caseplans.tests.conftest import COPENHAGEN
from helhed.citizens import services as citizens
from helhed.citizens.changes import persons_changed
from helhed.citizens.models import Arrival, ArrivalSource, ProgrammeKind, SpellKind
from helhed.citizens.tests.factories import register
from helhed.indicators import measure_services
from helhed.indicators.models import IndicatorFact
from helhed.indicators.reports.data_stamps import follow_up_stamp as data_stamp
from helhed.indicators.reports.data_stamps import follow_up_stamps
from helhed.indicators.reports.follow_up_cache import follow_up_cache_key
from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services as policies
from helhed.policies.models import Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def world(policy_officer: User, caseworker: User) -> FollowUpWorld:
    return build_follow_up_world(officer=policy_officer, caseworker=caseworker)


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def url(world: FollowUpWorld) -> str:
    return reverse("indicators:follow_up_report", kwargs={"version_id": world.version.id})


def row_of(body: str, text: str) -> str:
    """The table row of the page that holds `text`."""
    rows = [row for row in re.findall(r"<tr>.*?</tr>", body, re.S) if text in row]
    assert len(rows) == 1, text
    return rows[0]


def built(client: Client, address: str) -> tuple[bool, str]:
    """The page, and whether it was built (the aggregates read) rather than served cached."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    read_aggregates = any("indicators_indicatorvalue" in q["sql"] for q in captured)
    return read_aggregates, response.content.decode()


def test_the_second_view_is_served_from_the_cache(world: FollowUpWorld, manager: User) -> None:
    client = signed_in(manager)
    first_built, first = built(client, url(world))
    second_built, second = built(client, url(world))

    assert first_built
    assert not second_built
    assert "42,9 %" in second
    assert row_of(second, "Flere har en frivillig mentor") == row_of(
        first, "Flere har en frivillig mentor"
    )


def test_a_status_spell_added_through_the_registry_shows_in_the_next_view(
    world: FollowUpWorld, manager: User, caseworker: User
) -> None:
    # given a self-support target and a person a year and more in the programme, who
    # came on a benefit and has no job: 0 of 1 self-supporting
    Target.objects.create(
        version=world.version,
        objective=world.objective,
        description="Flere er selvforsørgende",
        indicator_key="self_support_after_one_year",
        value=Decimal(45),
        comparator="gte",
        unit="percent",
        deadline=date(2026, 12, 31),
    )
    person = register(caseworker, arrived_on=date(2024, 6, 1))
    citizens.programme_enrolment_add(
        actor=caseworker, person=person, kind=ProgrammeKind.SELF_SUPPORT, starts_on=date(2025, 1, 1)
    )
    citizens.status_spell_add(
        actor=caseworker,
        person=person,
        kind=SpellKind.BENEFIT,
        benefit_name="Selvforsørgelses- og hjemrejseydelse",
        starts_on=date(2024, 12, 1),
        ends_on=date(2025, 6, 30),
    )
    client = signed_in(manager)
    _, before = built(client, url(world))
    assert ">0,0</td><td>31.12.2026" in row_of(before, "Flere er selvforsørgende")
    assert not built(client, url(world))[0]  # cached now

    # when the person gets a job through the registry's service
    citizens.status_spell_add(
        actor=caseworker, person=person, kind=SpellKind.JOB, starts_on=date(2025, 7, 1)
    )

    # then the next view shows it
    rebuilt, after = built(client, url(world))
    assert rebuilt
    assert ">100,0</td><td>31.12.2026" in row_of(after, "Flere er selvforsørgende")


def test_a_progress_set_by_hand_shows_in_the_next_view(world: FollowUpWorld, manager: User) -> None:
    client = signed_in(manager)
    _, before = built(client, url(world))
    assert "Sat manuelt af" not in row_of(before, "Dagtilbudsindsats")

    policies.initiative_progress_update(
        actor=manager,
        initiative=world.initiative,
        status="in_progress",
        progress=64,
        note="Halvvejs med de nye pladser",
    )

    rebuilt, after = built(client, url(world))
    assert rebuilt
    assert "Halvvejs med de nye pladser" in row_of(after, "Dagtilbudsindsats")
    assert "64 %" in row_of(after, "Dagtilbudsindsats")


def test_a_linked_target_shows_in_the_next_view(
    world: FollowUpWorld, manager: User, policy_officer: User
) -> None:
    client = signed_in(manager)
    _, before = built(client, url(world))
    assert "Beregnet ud fra" not in row_of(before, "Dagtilbudsindsats")

    measure_services.initiative_measure_add(
        actor=policy_officer,
        initiative=world.initiative,
        target=world.daycare,
        intervention_kind="",
        planned=None,
    )

    rebuilt, after = built(client, url(world))
    assert rebuilt
    assert "Beregnet ud fra" in row_of(after, "Dagtilbudsindsats")


def test_a_politician_never_gets_the_staffs_exact_figures_from_the_cache(
    world: FollowUpWorld, manager: User, politician: User
) -> None:
    staff = signed_in(manager).get(url(world)).content.decode()
    assert "42,9 %" in staff

    protected = signed_in(politician).get(url(world)).content.decode()

    assert "42,9" not in protected
    assert "for få" in row_of(protected, "Flere har en frivillig mentor")


def test_the_staff_never_get_the_politicians_figures_from_the_cache(
    world: FollowUpWorld, manager: User, politician: User
) -> None:
    protected = signed_in(politician).get(url(world)).content.decode()
    assert "42,9" not in protected

    staff = signed_in(manager).get(url(world)).content.decode()

    assert ">42,9</td><td>31.12.2026" in row_of(staff, "Flere har en frivillig mentor")
    assert "Tallene er præcise" in staff


def test_tenants_never_share_an_entry(
    world: FollowUpWorld,
    manager: User,
    other_policy_officer: User,
    other_caseworker: User,
) -> None:
    # given Furesø with the same policy and one arrival instead of three
    other = build_follow_up_world(
        officer=other_policy_officer, caseworker=other_caseworker, arrivals=1
    )
    horsens = signed_in(manager).get(url(world)).content.decode()

    furesoe = signed_in(other_policy_officer).get(url(other)).content.decode()

    assert "Furesø Kommune" in furesoe
    assert "Horsens Kommune" not in furesoe
    assert "42,9 %" in horsens
    assert "42,9" not in furesoe  # 3 of 5 there
    assert ">60,0</td><td>31.12.2026" in row_of(furesoe, "Flere har en frivillig mentor")
    keys = {
        w.version.policy.municipality_id: follow_up_cache_key(
            version=w.version, exact=True, today=date(2026, 12, 2), stamp="same"
        )
        for w in (world, other)
    }
    for municipality_id, key in keys.items():
        others = [str(m) for m in keys if m != municipality_id]
        assert str(municipality_id) in key
        assert not any(m in key for m in others)


def test_another_tenants_version_is_still_404_once_cached(
    world: FollowUpWorld, manager: User, other_policy_officer: User
) -> None:
    assert signed_in(manager).get(url(world)).status_code == 200

    assert signed_in(other_policy_officer).get(url(world)).status_code == 404


def test_the_language_is_part_of_the_key(world: FollowUpWorld, manager: User) -> None:
    client = signed_in(manager)
    danish = client.get(url(world)).content.decode()
    assert "Opfølgningsrapport: Integrationspolitik" in danish

    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    english = client.get(url(world)).content.decode()
    client.post(reverse("core:set_language"), {"language": "da", "next": "/"})
    danish_again = client.get(url(world)).content.decode()

    assert "Follow-up report: Integrationspolitik" in english
    assert "Trajectory to the target" in english
    assert "Opfølgningsrapport" not in english
    assert "Opfølgningsrapport: Integrationspolitik" in danish_again
    assert "Follow-up report" not in danish_again


def facts_removed_through_the_registry() -> None:
    """A person's arrival deleted and the registry's listeners told, as a deletion does:
    the upkeep removes the person's facts and adds none."""
    fact = IndicatorFact.objects.order_by("pk").first()
    assert fact is not None
    before = IndicatorFact.objects.count()
    highest = IndicatorFact.objects.order_by("-pk").values_list("pk", flat=True)[0]
    Arrival.objects.filter(person_id=fact.person_id).delete()
    persons_changed([fact.person_id])
    assert IndicatorFact.objects.count() < before
    assert not IndicatorFact.objects.filter(pk__gt=highest).exists()


def test_the_stamp_changes_with_each_source_of_the_report(
    world: FollowUpWorld, caseworker: User, policy_officer: User
) -> None:
    version = world.version
    stamps = [data_stamp(version=version)]

    def later(minutes: int) -> time_machine.travel:
        return time_machine.travel(
            datetime(2026, 12, 2, 12, minutes, tzinfo=COPENHAGEN), tick=False
        )

    # facts removed only (a registry row deleted, as retention does) and facts added
    facts_removed_through_the_registry()
    stamps.append(data_stamp(version=version))
    register(caseworker, arrived_on=date(2026, 6, 1))
    stamps.append(data_stamp(version=version))
    with later(1):  # a department renamed (an initiative's owner)
        department = world.initiative.owner_department
        assert department is not None
        department.name = "Jobcenter Horsens"
        department.save()
    stamps.append(data_stamp(version=version))
    with later(2):  # a target's text edited
        world.daycare.description = "Endnu flere børn i dagtilbud"
        world.daycare.save()
    stamps.append(data_stamp(version=version))
    with time_machine.travel(datetime(2026, 12, 2, 11, 59, tzinfo=COPENHAGEN), tick=False):
        # an initiative edited on a server whose clock is behind the others'
        world.initiative.title = "Dagtilbud for alle"
        world.initiative.save()
    stamps.append(data_stamp(version=version))
    measure = measure_services.initiative_measure_add(
        actor=policy_officer, initiative=world.initiative, target=world.mentor
    )
    stamps.append(data_stamp(version=version))
    measure_services.initiative_measure_remove(actor=policy_officer, measure=measure)
    stamps.append(data_stamp(version=version))
    # nothing changed
    stamps.append(data_stamp(version=version))

    assert stamps[-1] == stamps[-2]
    # the link removed again: the report reads what it read before the link
    assert stamps[-2] == stamps[-4]
    assert len(set(stamps[:-2])) == len(stamps) - 2, stamps


# --- the policy's parts kept apart (docs/adr/0046-first-view-of-report-pages.md) ---------


def read_tables(client: Client, address: str) -> tuple[set[str], str]:
    """Whether the view read the aggregates and the policy's objectives (through the ORM:
    not the stamp's plain query of their ids), and the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    reads = {
        "indicators_indicatorvalue": "indicators_indicatorvalue",
        "policies_objective": 'FROM "policies_objective"',
    }
    found = {name for name, sql in reads.items() if any(sql in q["sql"] for q in captured)}
    return found, response.content.decode()


def test_a_registry_change_rebuilds_the_report_from_the_policys_parts_kept(
    world: FollowUpWorld, manager: User, caseworker: User
) -> None:
    client = signed_in(manager)
    first, before = read_tables(client, url(world))
    assert {"indicators_indicatorvalue", "policies_objective"} <= first
    assert ">42,9</td>" in row_of(before, "Flere har en frivillig mentor")  # 3 of 7

    # when a fourth arrival without a mentor is registered
    register(caseworker, arrived_on=date(2026, 6, 1), source=ArrivalSource.QUOTA_REFUGEE)

    # then the report is built again with the new figures, the policy's parts not read
    read, after = read_tables(client, url(world))
    assert "indicators_indicatorvalue" in read
    assert "policies_objective" not in read
    assert ">37,5</td>" in row_of(after, "Flere har en frivillig mentor")  # 3 of 8
    assert "Flere børn i dagtilbud" in after


def test_a_change_to_the_policys_parts_shows_in_the_next_view_after_a_registry_change(
    world: FollowUpWorld, manager: User, caseworker: User
) -> None:
    client = signed_in(manager)
    client.get(url(world))
    register(caseworker, arrived_on=date(2026, 6, 1), source=ArrivalSource.QUOTA_REFUGEE)
    read, _ = read_tables(client, url(world))
    assert "policies_objective" not in read  # the parts kept

    # when a target's text, its value and the initiative's owner department change
    with time_machine.travel(datetime(2026, 12, 2, 12, 1, tzinfo=COPENHAGEN), tick=False):
        world.mentor.description = "Flere får en mentor"
        world.mentor.value = Decimal(40)
        world.mentor.save()
        department = world.initiative.owner_department
        assert department is not None
        department.name = "Jobcenter Horsens"
        department.save()

    # then the next view shows them
    read, after = read_tables(client, url(world))
    assert "policies_objective" in read
    assert "Flere har en frivillig mentor" not in after
    mentor = row_of(after, "Flere får en mentor")
    assert "(mindst 40 %)" in mentor
    assert ">37,5</td>" in mentor
    assert "Jobcenter Horsens" in row_of(after, "Dagtilbudsindsats")


def test_the_plans_stamp_changes_with_the_policys_parts_only(
    world: FollowUpWorld, caseworker: User, policy_officer: User
) -> None:
    version = world.version
    plan = follow_up_stamps(version=version).plan

    # the registry and the initiatives' links are not the policy's parts
    facts_removed_through_the_registry()
    register(caseworker, arrived_on=date(2026, 6, 1))
    measure_services.initiative_measure_add(
        actor=policy_officer, initiative=world.initiative, target=world.mentor
    )
    policies.initiative_progress_update(
        actor=policy_officer,
        initiative=world.initiative,
        status="in_progress",
        progress=5,
        note="x",
    )
    assert follow_up_stamps(version=version).plan == plan

    # each of the parts is
    seen = {plan}
    parts = [
        world.daycare,
        world.objective,
        world.area,
        world.initiative,
        world.initiative.owner_department,
        version.policy,
        version.policy.municipality,
        version,
    ]
    for minutes, part in enumerate(parts, start=1):
        assert part is not None
        with time_machine.travel(datetime(2026, 12, 2, 12, minutes, tzinfo=COPENHAGEN), tick=False):
            part.save()
        version.refresh_from_db()
        seen.add(follow_up_stamps(version=version).plan)
        assert len(seen) == minutes + 1, part
