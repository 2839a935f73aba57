# SPDX-License-Identifier: MPL-2.0
"""Personas shared by every test: users of each role in one municipality ("own"), and
a policy officer of another municipality ("other"). They match the README's demo roles."""

import socket
from collections.abc import Iterator

import pytest
from django.conf import settings

from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.services import department_create, municipality_create
from helhed.organisations.tests.factories import make_user


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests reach nothing but loopback."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else ""
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1", ""):
            raise RuntimeError(f"Network access in tests is blocked: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def own_municipality(db: None) -> Municipality:
    municipality = municipality_create(kommunekode="615", name="Horsens Kommune", slug="horsens")
    department_create(municipality=municipality, name="Jobcenter", kind="jobcenter")
    department_create(municipality=municipality, name="Forvaltningen", kind="administration")
    return municipality


@pytest.fixture
def other_municipality(db: None) -> Municipality:
    municipality = municipality_create(kommunekode="190", name="Furesø Kommune", slug="furesoe")
    department_create(municipality=municipality, name="Jobcenter", kind="jobcenter")
    return municipality


def _persona(municipality: Municipality, role: str, name: str) -> User:
    return make_user(municipality=municipality, roles=[role], username=name)


@pytest.fixture
def policy_officer(own_municipality: Municipality) -> User:
    return _persona(own_municipality, Role.POLICY_OFFICER, "politik")


@pytest.fixture
def caseworker(own_municipality: Municipality) -> User:
    department = own_municipality.departments.get(name="Jobcenter")
    return make_user(
        municipality=own_municipality,
        roles=[Role.CASEWORKER],
        username="sagsbehandler",
        departments=[department],
    )


@pytest.fixture
def manager(own_municipality: Municipality) -> User:
    return _persona(own_municipality, Role.MANAGER, "leder")


@pytest.fixture
def politician(own_municipality: Municipality) -> User:
    return _persona(own_municipality, Role.POLITICIAN, "politiker")


@pytest.fixture
def administrator(own_municipality: Municipality) -> User:
    return _persona(own_municipality, Role.ADMINISTRATOR, "admin")


@pytest.fixture
def data_protection_officer(own_municipality: Municipality) -> User:
    return _persona(own_municipality, Role.DATA_PROTECTION_OFFICER, "dpo")


@pytest.fixture
def other_policy_officer(other_municipality: Municipality) -> User:
    return _persona(other_municipality, Role.POLICY_OFFICER, "anden-politik")


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser(username="root", password="root-password-123")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language (Danish), whatever a test before it
    in the same worker left active."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# Tests run on two workers by file (`--dist loadgroup`, every file its own group), as
# `--dist loadfile` would, except the files named here, whose hundreds of tests each build
# their own world: those are spread over both workers test by test, so that no one file is
# the run's critical path (docs/adr/0033-ci-time-budget.md).
SPREAD_OVER_WORKERS = frozenset({"tests/test_url_auth.py"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if path not in SPREAD_OVER_WORKERS:
            item.add_marker(pytest.mark.xdist_group(name=path))
