# SPDX-License-Identifier: MPL-2.0
"""Break-the-glass: a caseworker of Forvaltningen opens a citizen of the Jobcenter's
caseload by stating a reason; the access lasts an hour, reads only the record and the
plan, is audited with the reason and shown to the municipality's managers."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.access import persons_visible_to
from helhed.citizens.break_the_glass import DURATION, break_the_glass_open
from helhed.citizens.models import Person
from helhed.citizens.selectors import person_search
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

REASON = "Borgeren står i borgerservice og spørger til sin sag."
CPR = "010190-1234"


@pytest.fixture
def person(caseworker: User) -> Person:
    return register(caseworker, cpr=CPR, first_name="Amina", last_name="Haddad")


@pytest.fixture
def outsider_person(other_caseworker: User) -> Person:
    return register(other_caseworker, cpr="020290-2345", first_name="Omar", last_name="Fureso")


def _client(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# the service


@pytest.mark.django_db
def test_opening_writes_one_break_the_glass_event_with_the_reason(
    other_department_caseworker: User, person: Person
) -> None:
    event = break_the_glass_open(user=other_department_caseworker, person=person, reason=REASON)
    assert _events(Action.BREAK_THE_GLASS) == [event]
    assert event.person_id == person.id
    assert event.purpose == REASON
    assert event.user == other_department_caseworker
    assert event.roles == "caseworker"


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "for kort", "x" * 14, "x" * 301])
def test_opening_refuses_a_missing_short_or_overlong_reason(
    other_department_caseworker: User, person: Person, reason: str
) -> None:
    from django.core.exceptions import ValidationError

    before = registry_counts()
    with pytest.raises(ValidationError) as error:
        break_the_glass_open(user=other_department_caseworker, person=person, reason=reason)
    assert "reason" in error.value.message_dict
    assert registry_counts() == before


@pytest.mark.django_db
def test_opening_refuses_another_municipalitys_person(
    other_department_caseworker: User, outsider_person: Person
) -> None:
    with pytest.raises(PermissionDenied):
        break_the_glass_open(
            user=other_department_caseworker, person=outsider_person, reason=REASON
        )
    assert _events(Action.BREAK_THE_GLASS) == []


@pytest.mark.django_db
def test_opening_refuses_a_user_without_the_caseworker_role(
    manager: User, policy_officer: User, person: Person
) -> None:
    for user in (manager, policy_officer):
        with pytest.raises(PermissionDenied):
            break_the_glass_open(user=user, person=person, reason=REASON)
    assert _events(Action.BREAK_THE_GLASS) == []


@pytest.mark.django_db
def test_the_access_does_not_widen_lists_or_searches(
    other_department_caseworker: User, person: Person
) -> None:
    break_the_glass_open(user=other_department_caseworker, person=person, reason=REASON)
    assert not persons_visible_to(other_department_caseworker).filter(pk=person.pk).exists()
    found, _criterion = person_search(user=other_department_caseworker, query=CPR)
    assert list(found) == []


# the pages


@pytest.mark.django_db
def test_caseworker_outside_the_caseload_gets_404_before_stating_a_reason(
    other_department_caseworker: User, person: Person
) -> None:
    client = _client(other_department_caseworker)
    assert client.get(reverse("citizens:person_detail", args=[person.id])).status_code == 404
    assert client.get(reverse("caseplans:person_plan", args=[person.id])).status_code == 404


@pytest.mark.django_db
def test_caseworker_opens_a_person_by_cpr_with_a_reason_and_reads_the_record_and_plan(
    other_department_caseworker: User, person: Person
) -> None:
    client = _client(other_department_caseworker)
    # when
    response = client.post(
        reverse("citizens:break_the_glass_by_cpr"), {"cpr": CPR, "reason": REASON}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("citizens:person_detail", args=[person.id])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Amina Haddad" in page.content.decode()
    assert "uden for din sagsstamme" in page.content.decode()
    # read only: no way to add facts from the page, and the writes refuse
    assert reverse("citizens:spell_create", args=[person.id]) not in page.content.decode()
    assert client.get(reverse("citizens:spell_create", args=[person.id])).status_code == 404
    plan = client.get(reverse("caseplans:person_plan", args=[person.id]))
    assert plan.status_code == 200
    assert reverse("caseplans:intervention_create", args=[person.id]) not in plan.content.decode()
    # audited: one access, and each read with its reason
    assert len(_events(Action.BREAK_THE_GLASS)) == 1
    reads = _events(Action.READ)
    assert [e.person_id for e in reads] == [person.id, person.id]
    assert all(REASON in e.purpose for e in reads)


@pytest.mark.django_db
def test_caseworker_opens_a_person_by_their_address_with_a_reason(
    other_department_caseworker: User, person: Person
) -> None:
    client = _client(other_department_caseworker)
    url = reverse("citizens:break_the_glass_by_id", args=[person.id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_the_access_ends_after_the_hour(other_department_caseworker: User, person: Person) -> None:
    client = _client(other_department_caseworker)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("citizens:break_the_glass_by_cpr"), {"cpr": CPR, "reason": REASON})
    url = reverse("citizens:person_detail", args=[person.id])
    # a fresh sign-in at each moment: the access is the user's for the hour, whatever the
    # session (which would have timed out idle by then)
    with time_machine.travel(start + DURATION - timedelta(seconds=1), tick=False):
        assert _client(other_department_caseworker).get(url).status_code == 200
    with time_machine.travel(start + DURATION + timedelta(seconds=1), tick=False):
        assert _client(other_department_caseworker).get(url).status_code == 404


@pytest.mark.django_db
def test_the_access_is_for_its_caseworker_only(
    other_department_caseworker: User, school_caseworker: User, person: Person
) -> None:
    break_the_glass_open(user=other_department_caseworker, person=person, reason=REASON)
    response = _client(school_caseworker).get(reverse("citizens:person_detail", args=[person.id]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "kort"])
def test_an_empty_or_short_reason_is_refused_with_a_message_naming_the_field(
    other_department_caseworker: User, person: Person, reason: str
) -> None:
    client = _client(other_department_caseworker)
    before = registry_counts()
    response = client.post(
        reverse("citizens:break_the_glass_by_cpr"), {"cpr": CPR, "reason": reason}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["reason"]
    assert "begrundelse" in form.errors["reason"][0]
    assert CPR not in response.content.decode()
    assert registry_counts() == before
    assert client.get(reverse("citizens:person_detail", args=[person.id])).status_code == 404


@pytest.mark.django_db
def test_another_municipalitys_person_is_answered_as_no_one_at_all(
    other_department_caseworker: User, outsider_person: Person
) -> None:
    client = _client(other_department_caseworker)
    before = registry_counts()
    # by address: 404, the same as an address of no one
    by_id = client.post(
        reverse("citizens:break_the_glass_by_id", args=[outsider_person.id]), {"reason": REASON}
    )
    assert by_id.status_code == 404
    # by CPR: the same message as for a number no one has
    outsider = client.post(
        reverse("citizens:break_the_glass_by_cpr"), {"cpr": "020290-2345", "reason": REASON}
    )
    nobody = client.post(
        reverse("citizens:break_the_glass_by_cpr"), {"cpr": "030390-3456", "reason": REASON}
    )
    assert outsider.status_code == nobody.status_code == 400
    assert outsider.context["form"].errors == nobody.context["form"].errors
    assert "020290" not in outsider.content.decode()
    assert registry_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "policy_officer", "politician", "administrator"])
def test_a_user_without_the_caseworker_role_is_refused(
    request: pytest.FixtureRequest, person: Person, persona: str
) -> None:
    client = _client(request.getfixturevalue(persona))
    before = registry_counts()
    for url in (
        reverse("citizens:break_the_glass_by_cpr"),
        reverse("citizens:break_the_glass_by_id", args=[person.id]),
    ):
        assert client.post(url, {"cpr": CPR, "reason": REASON}).status_code == 403
    assert registry_counts() == before


@pytest.mark.django_db
def test_a_person_in_the_caseload_opens_without_an_event(caseworker: User, person: Person) -> None:
    response = _client(caseworker).post(
        reverse("citizens:break_the_glass_by_cpr"), {"cpr": CPR, "reason": REASON}
    )
    assert response.status_code == 302
    assert _events(Action.BREAK_THE_GLASS) == []


@pytest.mark.django_db
def test_the_api_does_not_honour_break_the_glass(
    other_department_caseworker: User, person: Person
) -> None:
    """The API reads as an integration's service account through access_person_by_id:
    even a grant held by the reading user does not open the person there."""
    from django.db import transaction
    from django.http import Http404

    from helhed.citizens.access import access_person_by_id

    break_the_glass_open(user=other_department_caseworker, person=person, reason=REASON)
    with transaction.atomic(), pytest.raises(Http404):
        access_person_by_id(user=other_department_caseworker, person_id=person.id, purpose="API")


# the manager's page


@pytest.mark.django_db
def test_managers_see_every_access_with_reason_user_time_and_the_person_masked(
    other_department_caseworker: User, manager: User, person: Person
) -> None:
    break_the_glass_open(user=other_department_caseworker, person=person, reason=REASON)
    response = _client(manager).get(reverse("citizens:break_the_glass_review"))
    assert response.status_code == 200
    content = response.content.decode()
    assert REASON in content
    assert str(other_department_caseworker) in content
    assert "010190-xxxx" in content
    assert CPR not in content
    assert "Amina" not in content
    # the review reads persons' (masked) data: one search event
    assert len(_events(Action.SEARCH)) == 1


@pytest.mark.django_db
def test_managers_of_another_municipality_see_none_of_it(
    other_department_caseworker: User, other_municipality: object, person: Person
) -> None:
    from helhed.organisations.models import Role
    from helhed.organisations.tests.factories import make_user

    break_the_glass_open(user=other_department_caseworker, person=person, reason=REASON)
    other_manager = make_user(
        municipality=other_municipality,  # type: ignore[arg-type]
        roles=[Role.MANAGER],
        username="anden-leder",
    )
    response = _client(other_manager).get(reverse("citizens:break_the_glass_review"))
    assert response.status_code == 200
    assert REASON not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caseworker", "policy_officer", "politician"])
def test_the_managers_page_is_refused_to_other_roles(
    request: pytest.FixtureRequest, persona: str
) -> None:
    response = _client(request.getfixturevalue(persona)).get(
        reverse("citizens:break_the_glass_review")
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_caseworkers_start_page_says_that_access_outside_the_caseload_is_logged(
    caseworker: User,
) -> None:
    response = _client(caseworker).get(reverse("policies:dashboard"))
    content = response.content.decode()
    assert "logges" in content
    assert reverse("citizens:break_the_glass_by_cpr") in content


@pytest.mark.django_db
def test_the_managers_page_runs_as_many_queries_for_ten_accesses_as_for_one(
    other_department_caseworker: User, manager: User, caseworker: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(manager)
    url = reverse("citizens:break_the_glass_review")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    break_the_glass_open(
        user=other_department_caseworker, person=register(caseworker), reason=REASON
    )
    queries()  # warm up the session
    one = queries()
    for _ in range(9):
        break_the_glass_open(
            user=other_department_caseworker, person=register(caseworker), reason=REASON
        )
    assert queries() == one
