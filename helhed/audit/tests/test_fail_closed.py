# SPDX-License-Identifier: MPL-2.0
"""If the audit event cannot be written, no data is returned: the read fails with the
error page, which holds nothing of the person, and nothing else is written."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from helhed.audit.models import AuditChainHead, AuditEvent
from helhed.caseplans.tests.factories import make_household
from helhed.citizens.models import Person
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

CPR = "150385-1234"


@pytest.fixture
def amal(caseworker: User) -> Person:
    return register(caseworker, cpr=CPR, first_name="Amal", last_name="Haddad")


def broken(*args: Any, **kwargs: Any) -> None:
    raise DatabaseError("the audit table cannot be written")


def written() -> tuple[int, list[tuple[int, str]], dict[str, int]]:
    heads = list(AuditChainHead.objects.values_list("sequence", "hash"))
    return AuditEvent.objects.count(), heads, registry_counts()


def assert_error_page_without_the_person(response: Any) -> None:
    assert response.status_code == 500
    body = response.content.decode()
    assert "Amal" not in body
    assert "Haddad" not in body
    assert "150385" not in body
    assert "Traceback" not in body


def _patch_insert(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AuditEvent, "save", broken)


def _patch_bulk_insert(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("helhed.audit.services._insert_events", broken)


def _patch_chain_head(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("helhed.audit.services._lock_head", broken)


@pytest.mark.parametrize("failure", [_patch_insert, _patch_chain_head])
def test_the_person_page_fails_closed_when_the_audit_write_fails(
    caseworker: User,
    amal: Person,
    monkeypatch: pytest.MonkeyPatch,
    failure: Callable[[pytest.MonkeyPatch], None],
) -> None:
    client = Client(raise_request_exception=False)
    login_verified(client, caseworker)
    assert "Amal" in client.get(reverse("citizens:person_detail", args=[amal.id])).content.decode()
    before = written()
    failure(monkeypatch)

    response = client.get(reverse("citizens:person_detail", args=[amal.id]))

    assert_error_page_without_the_person(response)
    assert written() == before


@pytest.mark.parametrize("failure", [_patch_bulk_insert, _patch_chain_head])
def test_the_household_page_fails_closed_when_the_bulk_audit_write_fails(
    caseworker: User,
    amal: Person,
    monkeypatch: pytest.MonkeyPatch,
    failure: Callable[[pytest.MonkeyPatch], None],
) -> None:
    household = make_household(amal.municipality)
    Person.objects.filter(pk=amal.pk).update(household=household)
    client = Client(raise_request_exception=False)
    login_verified(client, caseworker)
    url = reverse("caseplans:household_detail", args=[household.id])
    assert "Amal" in client.get(url).content.decode()
    before = written()
    failure(monkeypatch)

    response = client.get(url)

    assert_error_page_without_the_person(response)
    assert written() == before


def test_the_search_fails_closed_when_the_audit_write_fails(
    caseworker: User, amal: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    login_verified(client, caseworker)
    before = written()
    _patch_insert(monkeypatch)

    response = client.post(reverse("citizens:caseload"), {"query": "Amal"})

    assert_error_page_without_the_person(response)
    assert written() == before
