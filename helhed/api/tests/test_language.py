# SPDX-License-Identifier: MPL-2.0
"""The API answers in Danish unless the request asks for English."""

import pytest

from helhed.api.tests.conftest import Api
from helhed.citizens.models import Person

pytestmark = pytest.mark.django_db


def test_messages_are_danish_by_default(api: Api) -> None:
    response = api.post("/persons", {})

    assert response.json()["detail"] == "Forespørgslen blev afvist; se de nævnte felter."
    assert {"field": "cpr", "message": "Dette felt er påkrævet."} in response.json()["errors"]
    assert response["Content-Language"] == "da"


def test_messages_are_english_when_asked_for(api: Api) -> None:
    api.language = "en"

    response = api.post("/persons", {})

    assert response.json()["detail"] == "The request was refused; see the fields named."
    assert {"field": "cpr", "message": "This field is required."} in response.json()["errors"]
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        (None, "Der kræves et gyldigt API-token, sendt i headeren Authorization: Bearer."),
        ("en", "A valid API token is required, sent as the header Authorization: Bearer."),
    ],
)
def test_the_401_speaks_the_requesters_language(client, language: str | None, detail: str) -> None:
    response = Api(client, None, language).get("/persons")

    assert response.json()["detail"] == detail


def test_the_services_messages_are_translated_too(api: Api, own_person: Person) -> None:
    body = {"kind": "job", "starts_on": "2024-03-01", "ends_on": "2024-01-01"}

    danish = api.post(f"/persons/{own_person.id}/status-spells", body).json()
    api.language = "en"
    english = api.post(f"/persons/{own_person.id}/status-spells", body).json()

    assert danish["errors"][0]["message"] != english["errors"][0]["message"]
    assert english["errors"] == [
        {"field": "ends_on", "message": "The spell cannot end before it starts."}
    ]
