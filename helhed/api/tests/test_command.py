# SPDX-License-Identifier: MPL-2.0
"""manage.py api_token: create, list, revoke."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from helhed.api.models import Integration
from helhed.api.tests.conftest import Api
from helhed.organisations.models import Municipality

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_a_working_token_once(client: Client, own_municipality: Municipality) -> None:
    out, err = _run(
        "create", "--municipality", "615", "--name", "Jobcenter-system",
        "--department", "Jobcenter", "--scope", "registry:read",
    )  # fmt: skip

    token = out.strip()
    assert token.startswith("hlh_")
    assert token not in err
    integration = Integration.objects.get()
    assert integration.created_by is None
    assert Api(client, token).get("/persons").status_code == 200
    listed, _ = _run("list", "--municipality", "615")
    assert token not in listed
    assert "Jobcenter-system" in listed


def test_revoke_stops_the_token(client: Client, own_municipality: Municipality) -> None:
    out, _ = _run(
        "create", "--municipality", "615", "--name", "S",
        "--department", "Jobcenter", "--scope", "registry:read",
    )  # fmt: skip

    _run("revoke", "--municipality", "615", "--name", "S")

    assert Api(client, out.strip()).get("/persons").status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "999", "--name", "S", "--department", "Jobcenter"], "kommunekode 999"),
        (["--municipality", "615", "--name", "S", "--department", "Ingen"], "no department"),
        (["--municipality", "615", "--name", "S", "--department", "Jobcenter"], "scopes"),
        (["--municipality", "615", "--department", "Jobcenter"], "--name"),
    ],
)
def test_create_refuses_bad_arguments_and_creates_nothing(
    own_municipality: Municipality, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _run("create", *args)
    assert Integration.objects.count() == 0
