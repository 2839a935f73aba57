# SPDX-License-Identifier: MPL-2.0
"""Reads of the registry, always starting from what the user may see (access.py)."""

import re

from django.db.models import Prefetch, QuerySet

from helhed.citizens.access import persons_visible_to
from helhed.citizens.cpr import cpr_lookup_hash, parse_cpr
from helhed.citizens.models import Arrival, Person
from helhed.organisations.models import User


def caseload_for_user(*, user: User) -> QuerySet[Person]:
    return persons_visible_to(user).prefetch_related(
        Prefetch("arrivals", queryset=Arrival.objects.order_by("-arrived_on"))
    )


def person_search(*, user: User, query: str) -> tuple[QuerySet[Person], str]:
    """Matches for a name or a CPR number, and the criterion to audit (CPR masked)."""
    query = query.strip()
    digits = query.replace("-", "").replace(" ", "")
    if digits.isascii() and digits.isdigit() and len(digits) == 10:
        number = parse_cpr(query)
        found = caseload_for_user(user=user).filter(cpr_hash=cpr_lookup_hash(number))
        return found, f"CPR {number.mask()}"
    words = query.split()
    found = caseload_for_user(user=user)
    for word in words:
        found = found.filter(first_name__icontains=word) | found.filter(last_name__icontains=word)
    # Digits are never logged in clear: a mistyped CPR number is still a CPR number.
    return found.distinct(), "name: " + re.sub(r"\d", "x", query)
