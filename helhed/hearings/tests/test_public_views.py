# SPDX-License-Identifier: MPL-2.0
"""The public hearing page and its response form, including every refusal."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from helhed.hearings import services
from helhed.hearings.models import Hearing, HearingResponse, ResponseAttachment
from helhed.hearings.tests.factories import checked_pdf, make_hearing, pdf_bytes, pdf_upload, submit
from helhed.hearings.uploads import MAX_ATTACHMENT_BYTES
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

CLOSED = "Høringen er lukket: der kan ikke længere indsendes høringssvar."
NOT_PDF = "Bilaget er ikke en PDF-fil."
TOO_LARGE = "Bilaget er for stort: der kan vedhæftes en PDF på højst 10 MB."
FLOOD = "Der er sendt for mange høringssvar fra din adresse den seneste time."


def _url(hearing: Hearing) -> str:
    return reverse(
        "hearings:public_hearing",
        kwargs={"slug": hearing.version.policy.municipality.slug, "hearing_id": hearing.id},
    )


def _data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "section": "",
        "author_name": "Amina Haddad",
        "email": "amina@example.org",
        "text": "Tak for udkastet. Husk foreningslivet.",
        "consent_to_publication": "on",
        "website": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def hearing(policy_officer: User) -> Hearing:
    return make_hearing(actor=policy_officer)


def test_the_page_shows_the_draft_section_by_section_and_the_form(
    client: Client, hearing: Hearing
) -> None:
    response = client.get(_url(hearing))
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Vision", "Værdier", "Målgruppe", "Fokusområde 1: Beskæftigelse"):
        assert label in page
    assert "Vi skaber løsninger sammen" in page
    assert 'name="text"' in page
    assert 'class="helhed-hp"' in page  # the honeypot, hidden by the stylesheet


def test_a_link_to_a_section_chooses_it_in_the_form(client: Client, hearing: Hearing) -> None:
    response = client.get(_url(hearing) + "?afsnit=vision")
    assert response.context["form"]["section"].value() == "vision"


def test_a_hearing_not_started_is_not_public(client: Client, policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer, start=False)
    assert client.get(_url(hearing)).status_code == 404


def test_a_citizen_responds_and_is_sent_to_the_private_link(
    client: Client, hearing: Hearing
) -> None:
    response = client.post(_url(hearing), _data(attachment=pdf_upload("Høringssvar.pdf")))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/hoeringssvar/")
    assert "amina" not in location
    assert "example" not in location
    saved = HearingResponse.objects.get()
    assert saved.attachment.file_name == "Høringssvar.pdf"
    follow = client.get(location)
    assert follow.status_code == 200
    assert follow["Cache-Control"] == "private, no-store"
    page = follow.content.decode()
    assert "Tak for udkastet" in page
    assert "http://testserver" + location in page


def test_a_response_to_a_section_is_saved_on_it(client: Client, hearing: Hearing) -> None:
    client.post(_url(hearing), _data(section="values"))
    assert HearingResponse.objects.get().section == "values"


def test_after_closing_the_page_says_so_shows_no_form_and_refuses_a_post(
    client: Client, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer, opens_in=timedelta(days=-30))
    page = client.get(_url(hearing)).content.decode()
    assert CLOSED in page
    assert 'name="text"' not in page
    response = client.post(_url(hearing), _data())
    assert response.status_code == 400
    assert CLOSED in response.content.decode()
    assert not HearingResponse.objects.exists()


def test_an_executable_renamed_pdf_is_refused_and_nothing_saved(
    client: Client, hearing: Hearing
) -> None:
    for content in (b"MZ\x90\x00\x03" + bytes(2000), b"\x7fELF\x02\x01\x01" + bytes(2000)):
        upload = SimpleUploadedFile("svar.pdf", content, "application/pdf")
        response = client.post(_url(hearing), _data(attachment=upload))
        assert response.status_code == 400
        assert NOT_PDF in response.content.decode()
    assert not HearingResponse.objects.exists()


def test_a_file_that_only_starts_like_a_pdf_is_refused(client: Client, hearing: Hearing) -> None:
    upload = SimpleUploadedFile("svar.pdf", b"%PDF-1.7\nikke en rigtig pdf", "application/pdf")
    response = client.post(_url(hearing), _data(attachment=upload))
    assert NOT_PDF in response.content.decode()
    assert not HearingResponse.objects.exists()


def test_an_attachment_over_10_mb_is_refused(client: Client, hearing: Hearing) -> None:
    content = pdf_bytes()
    content = content + b"%" + b"x" * (MAX_ATTACHMENT_BYTES - len(content) + 10)
    response = client.post(_url(hearing), _data(attachment=pdf_upload(content=content)))
    assert response.status_code == 400
    assert TOO_LARGE in response.content.decode()
    assert not HearingResponse.objects.exists()


class LazyBody(io.RawIOBase):
    """A multipart body of `size` bytes made as it is read, counting what was read."""

    def __init__(self, size: int, boundary: str) -> None:
        self.head = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="attachment"; filename="stor.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        ).encode()
        self.tail = f"\r\n--{boundary}--\r\n".encode()
        self.size = size
        self.position = 0
        self.read_bytes = 0

    def _byte_at(self, index: int) -> bytes:
        if index < len(self.head):
            return self.head[index : index + 1]
        if index >= self.size - len(self.tail):
            return self.tail[index - (self.size - len(self.tail)) :][:1]
        return b"A"

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self.size - self.position
        size = min(size, self.size - self.position)
        start, self.position = self.position, self.position + size
        self.read_bytes += size
        head = self.head[start : start + size] if start < len(self.head) else b""
        rest = size - len(head)
        return head + b"A" * rest  # the tail is never reached in this test

    def readline(self, size: int | None = -1) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


def test_a_200_mb_body_is_refused_before_it_is_read(client: Client, hearing: Hearing) -> None:
    size = 200 * 1024 * 1024
    body = LazyBody(size, "GRAENSE")
    environ: dict[str, Any] = {
        "CONTENT_TYPE": "multipart/form-data; boundary=GRAENSE",
        "CONTENT_LENGTH": str(size),
        "wsgi.input": body,
    }
    response = client.generic("POST", _url(hearing), b"", **environ)
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    assert 'name="text"' in response.content.decode()  # the form, to try again
    assert body.read_bytes < 1024 * 1024
    assert not HearingResponse.objects.exists()
    assert not ResponseAttachment.objects.exists()


@override_settings(HELHED_HEARING_RESPONSES_PER_HOUR=3)
def test_a_flood_from_one_address_is_refused_after_the_hourly_limit(
    client: Client, hearing: Hearing
) -> None:
    for n in range(3):
        assert client.post(_url(hearing), _data(text=f"Svar {n}")).status_code == 302
    response = client.post(_url(hearing), _data(text="Svar 4"))
    assert response.status_code == 429
    assert FLOOD in response.content.decode()
    assert HearingResponse.objects.count() == 3
    # another address is not held back
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(_url(hearing), _data(text="Andet sted fra")).status_code == 302
    assert HearingResponse.objects.count() == 4


def test_a_filled_honeypot_is_answered_quietly_and_nothing_saved(
    client: Client, hearing: Hearing
) -> None:
    response = client.post(_url(hearing), _data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Tak for dit høringssvar" in response.content.decode()
    assert "/hoeringssvar/" not in response.content.decode()
    assert not HearingResponse.objects.exists()


def test_markup_and_script_in_a_response_are_shown_as_text(
    client: Client, hearing: Hearing, policy_officer: User
) -> None:
    text = '<script>alert("høring")</script><img src=x onerror=alert(1)> <b>fed</b>'
    follow = client.post(_url(hearing), _data(text=text))["Location"]
    for page in (client.get(_url(hearing)), client.get(follow)):
        html = page.content.decode()
        assert "&lt;script&gt;alert(&quot;høring&quot;)&lt;/script&gt;" in html
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>fed</b>" not in html
    staff = Client()
    login_verified(staff, policy_officer)
    response = HearingResponse.objects.get()
    for url in (
        reverse("hearings:response_detail", kwargs={"response_id": response.id}),
        reverse("hearings:memo", kwargs={"hearing_id": hearing.id}),
    ):
        html = staff.get(url).content.decode()
        assert "&lt;script&gt;" in html
        assert "<script>alert" not in html


def test_published_responses_are_listed_and_others_are_not(
    client: Client, hearing: Hearing
) -> None:
    submit(hearing, text="Offentligt svar", consent=True)
    submit(hearing, text="Fortroligt svar", consent=False)
    page = client.get(_url(hearing)).content.decode()
    assert "Offentligt svar" in page
    assert "Fortroligt svar" not in page
    assert "svar@example.org" not in page


def test_a_published_attachment_downloads_and_is_never_shown_inline(
    client: Client, hearing: Hearing
) -> None:
    published = submit(hearing, attachment=checked_pdf("bilag.pdf"), consent=True).response
    hidden = submit(hearing, attachment=checked_pdf("hemmelig.pdf"), consent=False).response
    slug = hearing.version.policy.municipality.slug

    def url(response: HearingResponse) -> str:
        return reverse(
            "hearings:public_attachment",
            kwargs={"slug": slug, "hearing_id": hearing.id, "response_id": response.id},
        )

    download = client.get(url(published))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="bilag.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download.content.startswith(b"%PDF-")
    assert client.get(url(hidden)).status_code == 404


def test_the_private_link_shows_the_disposition(
    client: Client, hearing: Hearing, policy_officer: User
) -> None:
    submitted = submit(hearing)
    url = reverse("hearings:follow", kwargs={"token": submitted.token})
    assert "endnu ikke behandlet" in client.get(url).content.decode()
    services.disposition_set(
        actor=policy_officer,
        response=submitted.response,
        outcome="passed_on",
        reason="Forslaget er givet videre til Kultur og Fritid.",
    )
    page = client.get(url).content.decode()
    assert "Videregivet til forvaltningen" in page
    assert "givet videre til Kultur og Fritid" in page


@pytest.mark.parametrize("token", ["x" * 43, "kort", "a" * 200])
def test_a_wrong_token_finds_nothing(client: Client, hearing: Hearing, token: str) -> None:
    submit(hearing)
    assert client.get(reverse("hearings:follow", kwargs={"token": token})).status_code == 404


def test_the_municipalitys_hearings_are_listed(client: Client, hearing: Hearing) -> None:
    slug = hearing.version.policy.municipality.slug
    page = client.get(reverse("hearings:public_list", kwargs={"slug": slug})).content.decode()
    assert hearing.title in page
    assert (
        client.get(reverse("hearings:public_list", kwargs={"slug": "findes-ikke"})).status_code
        == 404
    )
