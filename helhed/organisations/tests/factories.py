# SPDX-License-Identifier: MPL-2.0
"""Factories for municipalities, departments and users (through the services)."""

from collections.abc import Iterable

from factory.declarations import Sequence, SubFactory
from factory.django import DjangoModelFactory

from helhed.organisations.models import Department, DepartmentKind, Municipality, User
from helhed.organisations.services import user_create

PASSWORD = "test-password-123"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("kommunekode",)

    kommunekode = Sequence(lambda n: f"{(n % 899) + 100:03d}")
    name = Sequence(lambda n: f"Testkommune {n}")
    slug = Sequence(lambda n: f"testkommune-{n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    municipality = SubFactory(MunicipalityFactory)
    name = Sequence(lambda n: f"Afdeling {n}")
    kind = DepartmentKind.JOBCENTER


def make_user(
    *,
    municipality: Municipality,
    roles: Iterable[str],
    username: str,
    departments: Iterable[Department] = (),
) -> User:
    return user_create(
        municipality=municipality,
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Testesen",
        departments=departments,
        roles=roles,
    )
