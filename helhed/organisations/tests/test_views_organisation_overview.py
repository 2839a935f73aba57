# SPDX-License-Identifier: MPL-2.0
import pytest
from django.urls import reverse

from helhed.organisations.models import Department
from helhed.organisations.tests.sessions import login_verified

URL = reverse("organisation_overview")


@pytest.mark.django_db
def test_administrator_sees_own_departments_and_users_only(
    client, administrator, policy_officer, other_policy_officer
):
    login_verified(client, administrator)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Forvaltningen" in page
    assert policy_officer.username in page
    assert other_policy_officer.username not in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["policy_officer", "caseworker", "manager", "politician"])
def test_other_roles_may_not_open_the_organisation_page(client, persona, request):
    login_verified(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "Ny", "kind": "school"}).status_code == 403
    assert not Department.objects.filter(name="Ny").exists()


@pytest.mark.django_db
def test_administrator_adds_a_department(client, administrator):
    login_verified(client, administrator)
    response = client.post(URL, {"name": "Skoler", "kind": "school"})
    assert response.status_code == 302
    assert Department.objects.filter(
        municipality=administrator.municipality, name="Skoler", kind="school"
    ).exists()


@pytest.mark.django_db
def test_a_duplicate_department_name_is_refused_and_nothing_is_written(client, administrator):
    login_verified(client, administrator)
    before = Department.objects.count()
    response = client.post(URL, {"name": "Jobcenter", "kind": "jobcenter"})
    assert response.status_code == 400
    assert Department.objects.count() == before
    assert "form-error-message" in response.content.decode() or "alert-error" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_the_same_department_name_is_allowed_in_another_municipality(
    client, administrator, other_municipality
):
    # given Furesø already has a "Jobcenter"; Horsens' is created by the fixture too
    login_verified(client, administrator)
    response = client.post(URL, {"name": "Sprogcenter", "kind": "language_centre"})
    assert response.status_code == 302
    assert Department.objects.filter(name="Jobcenter").count() == 2
