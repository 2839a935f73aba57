# SPDX-License-Identifier: MPL-2.0
"""Danish education and programme enrolments: what is accepted, what is refused."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helhed.audit.models import AuditEvent
from helhed.citizens import services
from helhed.citizens.models import DanishEducation, ProgrammeEnrolment
from helhed.citizens.tests.factories import register
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db


def _danish(actor, person, **overrides):
    arguments = {"track": "du3", "module": 3, "referred_on": date(2024, 3, 15)}
    return services.danish_education_add(actor=actor, person=person, **{**arguments, **overrides})


def test_danish_education_with_a_passed_test_is_recorded_and_audited(caseworker):
    person = register(caseworker)
    events = AuditEvent.objects.count()

    course = _danish(caseworker, person, module=5, test="pd3", test_passed_on=date(2025, 6, 10))

    assert (course.track, course.module, course.test) == ("du3", 5, "pd3")
    assert AuditEvent.objects.count() == events + 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"module": 7}, "module"),
        ({"module": 0}, "module"),
        ({"track": "du1", "test": "pd3", "test_passed_on": date(2025, 6, 1)}, "test"),
        ({"test": "pd3"}, "test_passed_on"),
        ({"test_passed_on": date(2025, 6, 1)}, "test"),
        ({"test": "pd3", "test_passed_on": date(2024, 1, 1)}, "test_passed_on"),
        ({"referred_on": date(2999, 1, 1)}, "referred_on"),
        ({"referred_on": date(1900, 1, 1)}, "referred_on"),
    ],
)
def test_implausible_danish_education_is_refused_naming_the_field(caseworker, overrides, field):
    person = register(caseworker)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as caught:
        _danish(caseworker, person, **overrides)

    assert field in caught.value.message_dict
    assert not DanishEducation.objects.exists()
    assert AuditEvent.objects.count() == events


def test_programmes_follow_one_another_but_do_not_overlap(caseworker):
    person = register(caseworker)
    services.programme_enrolment_add(
        actor=caseworker,
        person=person,
        kind="self_support",
        starts_on=date(2024, 3, 1),
        ends_on=date(2025, 2, 28),
    )
    services.programme_enrolment_add(
        actor=caseworker, person=person, kind="introduction", starts_on=date(2025, 3, 1)
    )

    with pytest.raises(ValidationError) as caught:
        services.programme_enrolment_add(
            actor=caseworker, person=person, kind="self_support", starts_on=date(2025, 6, 1)
        )

    assert "starts_on" in caught.value.message_dict
    assert ProgrammeEnrolment.objects.filter(person=person).count() == 2


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (date(2024, 3, 1), date(2024, 2, 1), "ends_on"),
        (date(1900, 1, 1), None, "starts_on"),
    ],
)
def test_an_implausible_programme_is_refused(caseworker, starts_on, ends_on, field):
    person = register(caseworker)

    with pytest.raises(ValidationError) as caught:
        services.programme_enrolment_add(
            actor=caseworker,
            person=person,
            kind="self_support",
            starts_on=starts_on,
            ends_on=ends_on,
        )

    assert field in caught.value.message_dict
    assert not ProgrammeEnrolment.objects.exists()


def test_a_user_who_cannot_see_the_person_cannot_add_to_them(caseworker, policy_officer):
    person = register(caseworker)
    with pytest.raises(PermissionDenied):
        _danish(policy_officer, person)
    with pytest.raises(PermissionDenied):
        services.programme_enrolment_add(
            actor=policy_officer, person=person, kind="self_support", starts_on=date(2024, 3, 1)
        )
    assert not DanishEducation.objects.exists()
    assert not ProgrammeEnrolment.objects.exists()


def test_the_pages_add_danish_and_a_programme_and_show_them(client, caseworker):
    person = register(caseworker)
    login_verified(client, caseworker)

    danish = client.post(
        reverse("citizens:danish_create", kwargs={"person_id": person.id}),
        {"track": "du2", "module": "4", "referred_on": "2024-03-15"},
    )
    programme = client.post(
        reverse("citizens:programme_create", kwargs={"person_id": person.id}),
        {"kind": "self_support", "starts_on": "2024-03-01"},
    )
    refused = client.post(
        reverse("citizens:programme_create", kwargs={"person_id": person.id}),
        {"kind": "introduction", "starts_on": "2024-06-01"},
    )

    assert danish.status_code == 302
    assert programme.status_code == 302
    assert refused.status_code == 400
    assert 'id="id_starts_on_error"' in refused.content.decode()
    page = client.get(reverse("citizens:person_detail", kwargs={"person_id": person.id}))
    assert page.status_code == 200
    assert ProgrammeEnrolment.objects.filter(person=person).count() == 1
    assert DanishEducation.objects.filter(person=person, track="du2", module=4).exists()
