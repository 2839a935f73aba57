# SPDX-License-Identifier: MPL-2.0
"""Danish is the default language; English is there for whoever asks for it."""

import re

import pytest
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([^"]*)"')


def _page_language(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse)
    match = HTML_LANG.search(response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


def test_a_visitor_who_states_no_language_gets_danish(client: Client) -> None:
    response = client.get(reverse("policies:home"))

    assert response.status_code == 200
    assert _page_language(response) == "da"
    assert response["Content-Language"] == "da"


def test_a_browser_asking_for_english_gets_english(client: Client) -> None:
    response = client.get(reverse("policies:home"), headers={"accept-language": "en"})

    assert _page_language(response) == "en"
    assert response["Content-Language"] == "en"


def test_a_browser_asking_for_a_language_helhed_lacks_gets_danish(client: Client) -> None:
    response = client.get(reverse("policies:home"), headers={"accept-language": "de"})

    assert _page_language(response) == "da"


def test_choosing_english_keeps_the_following_pages_in_english(client: Client) -> None:
    # when the visitor presses the language button
    response = client.post(reverse("core:set_language"), {"language": "en", "next": "/"})

    # then they are sent back, and every following page is English
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _page_language(client.get(reverse("policies:home"))) == "en"
    assert _page_language(client.get(reverse("login"))) == "en"


def test_choosing_danish_again_overrides_an_english_browser(client: Client) -> None:
    client.post(reverse("core:set_language"), {"language": "da", "next": "/"})

    response = client.get(reverse("policies:home"), headers={"accept-language": "en"})

    assert _page_language(response) == "da"


def test_a_danish_page_offers_a_switch_to_english(client: Client) -> None:
    page = client.get(reverse("policies:home")).content.decode()

    assert f'action="{reverse("core:set_language")}"' in page
    assert 'name="language" value="en"' in page
