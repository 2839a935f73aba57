# SPDX-License-Identifier: MPL-2.0
"""Writes for municipalities, departments and users: what they create and what they refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from helhed.organisations.models import Department, Municipality, Role, RoleGrant, User
from helhed.organisations.services import department_create, municipality_create, user_create
from helhed.organisations.tests.factories import DepartmentFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_municipality_create_stores_the_stripped_kommunekode_and_name() -> None:
    # when
    municipality = municipality_create(kommunekode=" 190 ", name=" Furesø Kommune ", slug="furesoe")

    # then
    municipality.refresh_from_db()
    assert (municipality.kommunekode, municipality.name, municipality.slug) == (
        "190",
        "Furesø Kommune",
        "furesoe",
    )


def test_municipality_create_refuses_a_duplicate_kommunekode_and_writes_nothing() -> None:
    # given
    municipality_create(kommunekode="190", name="Furesø Kommune", slug="furesoe")
    before = Municipality.objects.count()

    # when
    with pytest.raises(ValidationError) as caught:
        municipality_create(kommunekode="190", name="Anden Kommune", slug="anden")

    # then
    assert caught.value.message_dict == {
        "kommunekode": [gettext("A municipality with this kommunekode already exists.")]
    }
    assert Municipality.objects.count() == before
    assert not Municipality.objects.filter(slug="anden").exists()


def test_municipality_create_treats_a_padded_kommunekode_as_a_duplicate() -> None:
    municipality_create(kommunekode="190", name="Furesø Kommune", slug="furesoe")

    with pytest.raises(ValidationError) as caught:
        municipality_create(kommunekode=" 190", name="Anden Kommune", slug="anden")

    assert "kommunekode" in caught.value.message_dict
    assert Municipality.objects.count() == 1


def test_municipality_create_refuses_a_duplicate_slug_and_writes_nothing() -> None:
    municipality_create(kommunekode="190", name="Furesø Kommune", slug="furesoe")

    with pytest.raises(ValidationError) as caught:
        municipality_create(kommunekode="191", name="Anden Kommune", slug="furesoe")

    assert list(caught.value.message_dict) == ["slug"]
    assert Municipality.objects.count() == 1


@pytest.mark.parametrize("kommunekode", ["19", "1900", "abc", "1a9", "", "\uff11\uff19\uff10"])
def test_municipality_create_refuses_a_kommunekode_that_is_not_three_digits(
    kommunekode: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        municipality_create(kommunekode=kommunekode, name="Testkommune", slug="test")

    assert "kommunekode" in caught.value.message_dict
    assert Municipality.objects.count() == 0


def test_department_create_refuses_a_second_department_of_the_same_name() -> None:
    municipality = MunicipalityFactory.create()
    department_create(municipality=municipality, name="Jobcenter", kind="jobcenter")

    with pytest.raises(ValidationError):
        department_create(municipality=municipality, name=" Jobcenter ", kind="jobcenter")

    assert Department.objects.filter(municipality=municipality).count() == 1


def test_department_create_allows_the_same_name_in_another_municipality() -> None:
    department_create(municipality=MunicipalityFactory.create(), name="Jobcenter", kind="jobcenter")

    department_create(municipality=MunicipalityFactory.create(), name="Jobcenter", kind="jobcenter")

    assert Department.objects.filter(name="Jobcenter").count() == 2


def test_user_create_stores_departments_and_roles() -> None:
    # given
    municipality = MunicipalityFactory.create()
    department = DepartmentFactory.create(municipality=municipality)

    # when
    user = user_create(
        municipality=municipality,
        username="ny",
        password="a-long-password-123",
        departments=[department],
        roles=[Role.CASEWORKER, Role.MANAGER, Role.CASEWORKER],
    )

    # then
    user = User.objects.get(pk=user.pk)
    assert user.municipality == municipality
    assert list(user.departments.all()) == [department]
    assert user.role_set == {Role.CASEWORKER, Role.MANAGER}
    assert user.check_password("a-long-password-123")


def test_user_create_refuses_a_department_of_another_municipality_and_writes_nothing() -> None:
    # given
    own = MunicipalityFactory.create()
    foreign_department = DepartmentFactory.create(municipality=MunicipalityFactory.create())
    users, grants = User.objects.count(), RoleGrant.objects.count()

    # when
    with pytest.raises(ValidationError) as caught:
        user_create(
            municipality=own,
            username="ny",
            password="a-long-password-123",
            departments=[DepartmentFactory.create(municipality=own), foreign_department],
            roles=[Role.CASEWORKER],
        )

    # then
    assert list(caught.value.message_dict) == ["departments"]
    assert (User.objects.count(), RoleGrant.objects.count()) == (users, grants)


def test_user_create_refuses_an_unknown_role_and_writes_nothing() -> None:
    municipality = MunicipalityFactory.create()
    users, grants = User.objects.count(), RoleGrant.objects.count()

    with pytest.raises(ValidationError) as caught:
        user_create(
            municipality=municipality,
            username="ny",
            password="a-long-password-123",
            roles=[Role.CASEWORKER, "mayor"],
        )

    assert list(caught.value.message_dict) == ["roles"]
    assert "mayor" in caught.value.message_dict["roles"][0]
    assert (User.objects.count(), RoleGrant.objects.count()) == (users, grants)


def test_user_create_refuses_a_taken_username_and_writes_nothing() -> None:
    municipality = MunicipalityFactory.create()
    user_create(municipality=municipality, username="ny", password="a-long-password-123")

    with pytest.raises(ValidationError) as caught:
        user_create(
            municipality=municipality,
            username="ny",
            password="another-password-456",
            roles=[Role.ADMINISTRATOR],
        )

    assert "username" in caught.value.message_dict
    assert User.objects.filter(username="ny").count() == 1
    assert not RoleGrant.objects.filter(role=Role.ADMINISTRATOR).exists()
