# SPDX-License-Identifier: MPL-2.0
"""Writes for municipalities, departments and users."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhed.organisations.models import Department, Municipality, Role, RoleGrant, User


@transaction.atomic
def municipality_create(*, kommunekode: str, name: str, slug: str) -> Municipality:
    municipality = Municipality(kommunekode=kommunekode.strip(), name=name.strip(), slug=slug)
    municipality.full_clean()
    municipality.save()
    return municipality


@transaction.atomic
def department_create(*, municipality: Municipality, name: str, kind: str) -> Department:
    department = Department(municipality=municipality, name=name.strip(), kind=kind)
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def user_create(
    *,
    municipality: Municipality,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    departments: Iterable[Department] = (),
    roles: Iterable[str] = (),
) -> User:
    departments = list(departments)
    roles = list(roles)
    foreign = [d for d in departments if d.municipality_id != municipality.id]
    if foreign:
        raise ValidationError(
            {"departments": _("A user can only belong to departments of their own municipality.")}
        )
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(role)s") % {"role": unknown[0]}})
    user = User(
        municipality=municipality, username=username, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.departments.set(departments)
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in sorted(set(roles))])
    return user
