# SPDX-License-Identifier: MPL-2.0
"""The follow-up report's page, built once per audience, language and day until anything it
shows changes (docs/adr/0039-follow-up-page-cache.md).

The page is the same for every reader of one audience until the registry, the plans or the
policy change, and building it (the policy's parts, the targets measured over the
municipality's aggregates, the initiatives' progress, the HTML of every table and chart)
is most of its time. So its rendered HTML is kept in Django's cache under a key that holds
everything the report is a function of:

- the municipality and the policy version (tenants never share an entry);
- the audience: exact (the municipality's staff) or disclosure-controlled (politicians);
- the language, and the day (the current month and the interventions started up to today);
- a stamp of the data, read in one query each time the page is asked for (`data_stamp`):
  the municipality's indicator facts (how many, and the highest id: the engine only
  inserts and deletes facts, never updates one, and ids are never reused, so any change
  to the facts changes one of the two, and the aggregates are made from the facts), its
  interventions, departments and own row, and the version's parts, links and progress
  follow-ups (how many, and the last change of each).

A change therefore shows in the next page view; the entries of old stamps are left to
expire (CACHE_SECONDS). Only the page is cached: the downloads are built afresh, and no
person-level page is cached (the drill-down writes its audit event on every read).
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from helhed.caseplans.models import Intervention
from helhed.indicators.models import IndicatorFact, InitiativeMeasure
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.organisations.models import Department, Municipality
from helhed.policies.models import (
    FocusArea,
    Initiative,
    InitiativeProgressUpdate,
    Objective,
    Policy,
    PolicyVersion,
    Target,
)
from helhed.reports.render.html import render_html, unique_id_prefix

# bumped when what is cached, or how it is built, changes in a way old entries must not serve
KEY_VERSION = "1"
# an entry whose stamp is no longer current is never read again; this only frees the space
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class FollowUpPage:
    """What the page shows of the report: its title, issuer and rendered body."""

    title: str
    issuer: str
    body: SafeString


def _table(model: type[Model]) -> str:
    return model._meta.db_table


def _key(value: object) -> Any:
    """A key as the database stores it (SQLite keeps a UUID as its hex)."""
    field = PolicyVersion._meta.pk
    assert field is not None  # noqa: S101 (a model always has a key)
    return field.get_db_prep_value(value, connection)


def _municipality_counts(municipality_id: Any) -> tuple[object, ...]:
    """How many indicator facts the municipality has and the highest id among them (the
    engine inserts and deletes facts, never updates one, and an id is never used twice:
    any change to the facts changes one of the two); how many interventions and the
    last change among them."""
    facts, interventions = _table(IndicatorFact), _table(Intervention)
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {facts} WHERE municipality_id = %s), "  # noqa: S608 (the models' tables)
        f"(SELECT MAX(id) FROM {facts} WHERE municipality_id = %s), "
        f"(SELECT COUNT(*) FROM {interventions} WHERE municipality_id = %s), "
        f"(SELECT MAX(updated_at) FROM {interventions} WHERE municipality_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality_id] * 4)
        row = cursor.fetchone()
    return tuple(row)


def _parts_changed(version: PolicyVersion, municipality_id: Any) -> list[tuple[str, ...]]:
    """Every row the report shows of the plans, with its last change: the version's
    objectives, targets, focus areas and initiatives, the initiatives' links and progress
    follow-ups, the municipality's departments, its own row and the policy's. A row added,
    removed or saved again changes the list (whichever way a server's clock was off)."""
    version_key = _key(version.id)
    initiatives = f"SELECT id FROM {_table(Initiative)} WHERE version_id = %s"  # noqa: S608 (a model's table)
    selects: list[tuple[str, list[Any]]] = [
        (f"SELECT id, updated_at FROM {_table(m)} WHERE version_id = %s", [version_key])  # noqa: S608
        for m in (Objective, Target, FocusArea, Initiative)
    ]
    selects += [
        (
            f"SELECT id, updated_at FROM {_table(m)} WHERE initiative_id IN ({initiatives})",  # noqa: S608
            [version_key],
        )
        for m in (InitiativeMeasure, InitiativeProgressUpdate)
    ]
    selects.append(
        (
            f"SELECT id, updated_at FROM {_table(Department)} WHERE municipality_id = %s",  # noqa: S608
            [municipality_id],
        )
    )
    selects.append(
        (f"SELECT id, updated_at FROM {_table(Municipality)} WHERE id = %s", [municipality_id])  # noqa: S608
    )
    selects.append(
        (f"SELECT id, updated_at FROM {_table(Policy)} WHERE id = %s", [_key(version.policy_id)])  # noqa: S608
    )
    sql = " UNION ALL ".join(
        f"SELECT {index} AS part, id, updated_at FROM ({select}) AS part_{index}"  # noqa: S608
        for index, (select, _params) in enumerate(selects)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _select, params in selects for p in params])
        return sorted(tuple(str(v) for v in row) for row in cursor.fetchall())


def data_stamp(*, version: PolicyVersion) -> str:
    """A digest of everything the report reads besides the day, in two queries: it changes
    whenever the registry, the municipality's plans or departments, or the version change."""
    municipality_id = _key(version.policy.municipality_id)
    seen = [
        version.updated_at.isoformat(),
        *(str(v) for v in _municipality_counts(municipality_id)),
        *("/".join(row) for row in _parts_changed(version, municipality_id)),
    ]
    return hashlib.sha256("|".join(seen).encode()).hexdigest()


def follow_up_cache_key(*, version: PolicyVersion, exact: bool, today: date, stamp: str) -> str:
    return ":".join(
        [
            "follow-up-page",
            KEY_VERSION,
            str(version.policy.municipality_id),
            str(version.id),
            "exact" if exact else "protected",
            get_language() or "",
            today.isoformat(),
            stamp,
        ]
    )


def follow_up_page(
    *, version: PolicyVersion, exact: bool, today: date | None = None
) -> FollowUpPage:
    """The report's page for its audience, from the cache while nothing it shows changed."""
    today = today or timezone.localdate()
    key = follow_up_cache_key(
        version=version, exact=exact, today=today, stamp=data_stamp(version=version)
    )
    cached = cache.get(key)
    if cached is not None:
        title, issuer, body = cached
        return FollowUpPage(title, issuer, mark_safe(body))  # noqa: S308 (rendered by the template engine)
    document = follow_up_document(version=version, exact=exact, today=today)
    page = FollowUpPage(
        document.title, document.issuer, render_html(document, id_prefix=unique_id_prefix())
    )
    cache.set(key, (page.title, page.issuer, str(page.body)), CACHE_SECONDS)
    return page
