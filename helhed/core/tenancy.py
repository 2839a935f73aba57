# SPDX-License-Identifier: MPL-2.0
"""The one place that scopes a query to a municipality (the tenant).

Every tenant-owned model names the lookup from itself to its municipality in
`TENANT_LOOKUP` ("self" on the Municipality model). Selectors and access helpers call
`scope_to_municipality`; nothing else filters by municipality by hand.
"""

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)

# The TENANT_LOOKUP of the Municipality model itself: it is its own tenant.
SELF = "self"


def tenant_lookup(model: type[models.Model]) -> str:
    lookup = getattr(model, "TENANT_LOOKUP", None)
    if not isinstance(lookup, str):
        raise TypeError(f"{model.__name__} does not declare TENANT_LOOKUP")
    return lookup


def scope_to_municipality(
    queryset: "models.QuerySet[M]", municipality_id: Any
) -> "models.QuerySet[M]":
    """Restrict `queryset` to one municipality; no municipality means no rows."""
    if municipality_id is None:
        return queryset.none()
    lookup = tenant_lookup(queryset.model)
    if lookup == SELF:
        return queryset.filter(pk=municipality_id)
    return queryset.filter(**{f"{lookup}_id": municipality_id})


def municipality_id_of(obj: models.Model) -> Any:
    """Follow TENANT_LOOKUP on an instance to the id of its municipality."""
    lookup = tenant_lookup(type(obj))
    if lookup == SELF:
        return obj.pk
    current: Any = obj
    parts = lookup.split("__")
    for part in parts[:-1]:
        current = getattr(current, part)
        if current is None:
            return None
    return getattr(current, f"{parts[-1]}_id")
