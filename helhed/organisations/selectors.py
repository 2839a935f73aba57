# SPDX-License-Identifier: MPL-2.0
"""Reads of a municipality's organisation."""

from django.db.models import Prefetch, QuerySet

from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Department, RoleGrant, User


def departments_for_municipality(*, municipality_id: object) -> QuerySet[Department]:
    return scope_to_municipality(Department.objects.order_by("name"), municipality_id)


def users_for_municipality(*, municipality_id: object) -> QuerySet[User]:
    return scope_to_municipality(
        User.objects.order_by("username").prefetch_related(
            "departments", Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role"))
        ),
        municipality_id,
    )
