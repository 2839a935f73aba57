# SPDX-License-Identifier: MPL-2.0
"""The agenda item pages, end to end: the case in the Danish layout, the forms to write it,
put it on an agenda, record a decision (the city council's adoption adopting the policy)
and add attachments; and every refusal writing nothing."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.governance import services
from helhed.governance.models import AgendaEntry, AgendaItem, Attachment, Committee, Decision
from helhed.governance.pdf_files import MAX_BYTES
from helhed.governance.tests.factories import PDF, make_committee, make_item, make_meeting
from helhed.governance.tests.pages import da, flashed, page
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services as policies
from helhed.policies.models import PolicyVersion, Status
from helhed.policies.tests.factories import adopt, make_policy

pytestmark = pytest.mark.django_db


def _detail(item: AgendaItem) -> str:
    return reverse("governance:item_detail", kwargs={"item_id": item.id})


def _form(committee: Committee, **changes: Any) -> dict[str, str]:
    data = {
        "title": "Drøftelse: Integrationspolitik 2018-2021",
        "case_number": "18/12386",
        "decision_authority": str(committee.id),
        "policy_version": "",
        "decision_theme": "Forvaltningen indstiller, at udvalget drøfter forslaget.",
        "case_description": "Fem hovedområder:\n\n- Job\n- Familien\n-",
        "financial_consequences": "Ingen bemærkninger",
        "citizen_involvement": "",
        "legal_basis": "Ingen bemærkninger",
        "next_steps": "",
        "recommendation": "Forvaltningen indstiller, at udvalget drøfter forslaget.",
        "meeting": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def committee(policy_officer: User) -> Committee:
    return make_committee(actor=policy_officer, name="Udvalg for beskæftigelse og erhverv")


# --- create and edit -------------------------------------------------------------------------


def test_a_policy_officer_creates_an_item_on_a_meetings_agenda(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    meeting = make_meeting(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:item_create"), _form(committee, meeting=str(meeting.id))
    )

    item = AgendaItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(item)
    assert item.entries.get().meeting == meeting
    assert flashed(response) == [da("The agenda item was created.")]


def test_the_new_item_form_preselects_the_meeting_from_the_address(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    meeting = make_meeting(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)

    response = client.get(reverse("governance:item_create") + f"?moede={meeting.id}")

    assert response.status_code == 200
    assert f'<option value="{meeting.id}" selected>' in page(response)


@pytest.mark.parametrize("number", ["18-12386", "sag 12386", "12386"])
def test_an_item_with_a_case_number_out_of_format_is_refused_naming_sagsnr(
    client: Client, policy_officer: User, committee: Committee, number: str
) -> None:
    login_verified(client, policy_officer)

    response = client.post(reverse("governance:item_create"), _form(committee, case_number=number))

    assert response.status_code == 400
    message = da("Write the case number as year/serial number, for example 18/12386.")
    assert f"{da('Case no.')}: {message}" in page(response)
    assert not AgendaItem.objects.exists()


def test_a_duplicate_case_number_is_refused_and_the_meeting_gets_nothing(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    make_item(actor=policy_officer, committee=committee)
    meeting = make_meeting(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:item_create"),
        _form(committee, title="En anden sag", meeting=str(meeting.id)),
    )

    assert response.status_code == 400
    assert "Kommunen har allerede et dagsordenspunkt med sagsnr. 18/12386." in page(response)
    assert AgendaItem.objects.count() == 1
    assert not AgendaEntry.objects.exists()


def test_an_item_missing_required_fields_names_each_in_danish(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:item_create"),
        _form(committee, title="", decision_theme="", recommendation="", decision_authority=""),
    )

    text = page(response)
    assert response.status_code == 400
    for label in ("Title", "Decision authority", "Decision theme", "Recommendation"):
        assert f"{da(label)}: {da('This field is required.')}" in text, label
    assert not AgendaItem.objects.exists()


def test_an_item_cannot_choose_another_municipalitys_committee(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    foreign = make_committee(actor=other_policy_officer)
    login_verified(client, policy_officer)

    response = client.post(reverse("governance:item_create"), _form(foreign))

    assert response.status_code == 400
    assert not AgendaItem.objects.exists()


def test_a_policy_officer_edits_an_item(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    item = make_item(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:item_edit", kwargs={"item_id": item.id}),
        _form(committee, next_steps="Byrådet i oktober 2018."),
    )

    item.refresh_from_db()
    assert response.status_code == 302
    assert item.next_steps == "Byrådet i oktober 2018."


def test_editing_an_item_to_another_items_case_number_is_refused(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    make_item(actor=policy_officer, committee=committee)
    item = make_item(actor=policy_officer, committee=committee, case_number="18/1", title="Sag 2")
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:item_edit", kwargs={"item_id": item.id}),
        _form(committee, case_number="18/12386", title="Sag 2 ændret"),
    )

    item.refresh_from_db()
    assert response.status_code == 400
    assert (item.case_number, item.title) == ("18/1", "Sag 2")


@pytest.mark.parametrize("persona", ["manager", "politician"])
def test_readers_cannot_edit_an_item(
    client: Client,
    request: pytest.FixtureRequest,
    policy_officer: User,
    committee: Committee,
    persona: str,
) -> None:
    item = make_item(actor=policy_officer, committee=committee)
    login_verified(client, request.getfixturevalue(persona))

    response = client.post(
        reverse("governance:item_edit", kwargs={"item_id": item.id}), _form(committee, title="X")
    )

    item.refresh_from_db()
    assert response.status_code == 403
    assert item.title == "Drøftelse: Integrationspolitik 2018-2021"


# --- the item page ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["policy_officer", "manager", "politician"])
def test_the_item_page_shows_the_danish_layout_in_order(
    client: Client,
    request: pytest.FixtureRequest,
    policy_officer: User,
    committee: Committee,
    persona: str,
) -> None:
    meeting = make_meeting(actor=policy_officer, committee=committee)
    item = make_item(
        actor=policy_officer,
        committee=committee,
        meeting=meeting,
        citizen_involvement="Borgerdialogmøde den 25. april 2018.",
        next_steps="Byrådet i oktober 2018.",
    )
    services.decision_record(
        actor=policy_officer,
        entry=item.entries.get(),
        outcome="discussed",
        text="Drøftet som indstillet.",
    )
    login_verified(client, request.getfixturevalue(persona))

    text = page(client.get(_detail(item)))

    headings = [
        "Sagsnr.",
        "Beslutningskompetence",
        "Beslutningstema",
        "Sagsfremstilling",
        "Økonomiske konsekvenser",
        "Borgerinddragelse",
        "Lovgrundlag",
        "Det videre forløb",
        "Indstilling",
        "Beslutning i Udvalg for beskæftigelse og erhverv den 14-08-2018",
        "Bilag",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Drøftet som indstillet." in text


def test_the_item_page_offers_the_forms_to_the_policy_officer_only(
    client: Client, policy_officer: User, politician: User, committee: Committee
) -> None:
    item = make_item(
        actor=policy_officer,
        committee=committee,
        meeting=make_meeting(actor=policy_officer, committee=committee),
    )
    decision_url = reverse("governance:decision_record", kwargs={"item_id": item.id})

    login_verified(client, politician)
    as_politician = page(client.get(_detail(item)))
    login_verified(client, policy_officer)
    as_officer = page(client.get(_detail(item)))

    assert decision_url not in as_politician
    assert decision_url in as_officer


def test_a_list_in_the_case_text_is_a_list_without_the_empty_bullet(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    item = make_item(
        actor=policy_officer, committee=committee, case_description="Områder:\n\n- Job\n- Sprog\n-"
    )
    login_verified(client, policy_officer)

    text = page(client.get(_detail(item)))

    assert "<ul><li>Job</li><li>Sprog</li></ul>" in text
    assert "<li></li>" not in text


def test_markup_in_a_case_text_is_shown_as_text(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    item = make_item(
        actor=policy_officer, committee=committee, case_description="<script>alert(1)</script>"
    )
    login_verified(client, policy_officer)

    text = page(client.get(_detail(item)))

    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_another_municipalitys_item_is_not_found_on_any_of_its_pages(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    foreign = make_committee(actor=other_policy_officer)
    item = make_item(
        actor=other_policy_officer,
        committee=foreign,
        meeting=make_meeting(actor=other_policy_officer, committee=foreign),
    )
    login_verified(client, policy_officer)

    for name in (
        "item_detail",
        "item_edit",
        "item_schedule",
        "decision_record",
        "attachment_create",
    ):
        url = reverse(f"governance:{name}", kwargs={"item_id": item.id})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"title": "X", "outcome": "discussed"}).status_code == 404, name
    assert not Decision.objects.exists()
    assert not Attachment.objects.exists()


# --- agenda and decisions -----------------------------------------------------------------


def test_a_policy_officer_puts_the_item_on_a_second_committees_agenda(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    first = make_meeting(actor=policy_officer, committee=committee)
    item = make_item(actor=policy_officer, committee=committee, meeting=first)
    school = make_committee(actor=policy_officer, name="Udvalg for skole og ungdomsuddannelse")
    meeting = make_meeting(actor=policy_officer, committee=school)
    login_verified(client, policy_officer)
    url = reverse("governance:item_schedule", kwargs={"item_id": item.id})

    form = page(client.get(url))
    response = client.post(url, {"meeting": str(meeting.id)})

    assert f'value="{meeting.id}"' in form
    assert f'value="{first.id}"' not in form  # on its agenda already
    assert response.status_code == 302
    assert item.entries.count() == 2


@pytest.fixture
def draft(policy_officer: User) -> PolicyVersion:
    return make_policy(actor=policy_officer)


@pytest.fixture
def council_item(policy_officer: User, draft: PolicyVersion) -> AgendaItem:
    council = make_committee(actor=policy_officer, name="Byrådet", council=True)
    meeting = make_meeting(actor=policy_officer, committee=council, on=date(2016, 4, 26))
    return make_item(actor=policy_officer, committee=council, meeting=meeting, policy_version=draft)


def _decide(client: Client, item: AgendaItem, outcome: str, text: str = "Godkendt.") -> Any:
    entry = item.entries.get()
    return client.post(
        reverse("governance:decision_record", kwargs={"item_id": item.id}),
        {"entry": str(entry.id), "outcome": outcome, "text": text},
    )


def test_the_city_councils_adoption_through_the_form_adopts_the_version(
    client: Client, policy_officer: User, draft: PolicyVersion, council_item: AgendaItem
) -> None:
    policies.policy_version_transition(actor=policy_officer, version=draft, to_status="hearing")
    login_verified(client, policy_officer)

    response = _decide(client, council_item, "adopted")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == Status.ADOPTED
    assert draft.adopted_on == date(2016, 4, 26)
    assert flashed(response) == [
        da("The decision was recorded, and the policy version is adopted.")
    ]


def test_adopting_an_adopted_version_through_the_form_says_why_and_writes_nothing(
    client: Client, policy_officer: User, draft: PolicyVersion, council_item: AgendaItem
) -> None:
    adopt(actor=policy_officer, version=draft)
    login_verified(client, policy_officer)

    response = _decide(client, council_item, "adopted")

    assert response.status_code == 400
    text = page(response)
    assert f"{da('Outcome')}: Beslutningen er ikke registreret: version 1" in text
    assert "Vedtaget" in text
    assert not Decision.objects.exists()


def test_a_decision_for_a_meeting_not_yet_held_is_refused_through_the_form(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    item = make_item(
        actor=policy_officer,
        committee=committee,
        meeting=make_meeting(actor=policy_officer, committee=committee, on=tomorrow),
    )
    login_verified(client, policy_officer)

    response = _decide(client, item, "discussed", "Drøftet.")

    assert response.status_code == 400
    assert f"{tomorrow:%d-%m-%Y}" in page(response)
    assert not Decision.objects.exists()


def test_a_decision_without_text_names_the_field(
    client: Client, policy_officer: User, council_item: AgendaItem
) -> None:
    login_verified(client, policy_officer)

    response = _decide(client, council_item, "discussed", "")

    assert response.status_code == 400
    assert f"{da('Decision')}: {da('This field is required.')}" in page(response)
    assert not Decision.objects.exists()


def test_a_decided_meeting_is_no_longer_offered(
    client: Client, policy_officer: User, council_item: AgendaItem
) -> None:
    login_verified(client, policy_officer)
    _decide(client, council_item, "postponed", "Udsat.")

    response = client.get(
        reverse("governance:decision_record", kwargs={"item_id": council_item.id})
    )
    again = _decide(client, council_item, "approved")

    assert 'name="entry"' not in page(response)
    assert again.status_code == 400
    assert Decision.objects.get().text == "Udsat."


# --- attachments --------------------------------------------------------------------------------


def _attach(client: Client, item: AgendaItem, **data: Any) -> Any:
    return client.post(
        reverse("governance:attachment_create", kwargs={"item_id": item.id}),
        {"title": "Integrationspolitik 2018-2021", "policy_version": "", **data},
    )


def test_an_attachment_links_a_policy_version_pdf(
    client: Client, policy_officer: User, committee: Committee, draft: PolicyVersion
) -> None:
    item = make_item(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)

    response = _attach(client, item, policy_version=str(draft.id))

    assert response.status_code == 302
    text = page(client.get(_detail(item)))
    assert "1 - Integrationspolitik 2018-2021" in text
    assert reverse("policies:version_pdf", kwargs={"version_id": draft.id}) in text


def test_an_uploaded_pdf_is_served_only_as_a_download(
    client: Client, policy_officer: User, politician: User, committee: Committee
) -> None:
    item = make_item(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)
    _attach(client, item, pdf=SimpleUploadedFile("notat.pdf", PDF, "application/pdf"))
    attachment = Attachment.objects.get()
    login_verified(client, politician)

    response = client.get(
        reverse("governance:attachment_download", kwargs={"attachment_id": attachment.id})
    )

    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_executable_renamed_pdf_is_refused_naming_the_field(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    item = make_item(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)

    response = _attach(
        client, item, pdf=SimpleUploadedFile("bilag.pdf", b"MZ\x90\x00\x03", "application/pdf")
    )

    assert response.status_code == 400
    assert (
        f"{da('PDF file')}: {da('The file is not a PDF. Upload the attachment as a PDF file.')}"
        in page(response)
    )
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    item = make_item(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)
    big = PDF[:-6] + b" " * (MAX_BYTES) + b"%%EOF\n"

    response = _attach(client, item, pdf=SimpleUploadedFile("stor.pdf", big, "application/pdf"))

    assert response.status_code == 400
    assert "et bilag må højst være 10 MB" in page(response)
    assert not Attachment.objects.exists()


def test_an_attachment_without_version_or_file_is_refused(
    client: Client, policy_officer: User, committee: Committee
) -> None:
    item = make_item(actor=policy_officer, committee=committee)
    login_verified(client, policy_officer)

    response = _attach(client, item)

    assert response.status_code == 400
    assert da("Choose a policy version or upload a PDF.") in page(response)
    assert not Attachment.objects.exists()


def test_another_municipalitys_attachment_is_not_found(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    item = make_item(
        actor=other_policy_officer, committee=make_committee(actor=other_policy_officer)
    )
    attachment = services.attachment_add(
        actor=other_policy_officer, item=item, title="Bilag", pdf=PDF, pdf_name="b.pdf"
    )
    login_verified(client, policy_officer)

    url = reverse("governance:attachment_download", kwargs={"attachment_id": attachment.id})

    assert client.get(url).status_code == 404


# --- exports ------------------------------------------------------------------------------------


def test_the_item_exports_as_docx_and_pdf_in_the_danish_layout(
    client: Client, policy_officer: User, politician: User, committee: Committee
) -> None:
    import io
    import zipfile

    from pypdf import PdfReader

    meeting = make_meeting(actor=policy_officer, committee=committee)
    item = make_item(actor=policy_officer, committee=committee, meeting=meeting)
    services.decision_record(
        actor=policy_officer, entry=item.entries.get(), outcome="discussed", text="Drøftet."
    )
    login_verified(client, politician)

    docx = client.get(reverse("governance:item_docx", kwargs={"item_id": item.id}))
    pdf = client.get(reverse("governance:item_pdf", kwargs={"item_id": item.id}))

    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith("attachment;")
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    for text in ("18/12386", "Beslutningstema", "Indstilling", "Beslutning i Udvalg for"):
        assert text in xml, text
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Sagsnr." in pdf_text
    assert "Drøftet." in pdf_text


def test_another_municipalitys_item_cannot_be_exported(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    item = make_item(
        actor=other_policy_officer, committee=make_committee(actor=other_policy_officer)
    )
    login_verified(client, policy_officer)

    for name in ("item_docx", "item_pdf"):
        url = reverse(f"governance:{name}", kwargs={"item_id": item.id})
        assert client.get(url).status_code == 404
