# SPDX-License-Identifier: MPL-2.0
"""Generated bilag (ADR 0034): the hearing memo of a hearing on the item's policy and the
policy's follow-up report, frozen when attached and exported after the item in DOCX and
PDF; every refusal clear and writing nothing."""

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument
from docx.table import Table as DocxTable
from pypdf import PdfReader

from helhed.governance import services
from helhed.governance.models import AgendaItem, Attachment, ChangeLog, Committee, GeneratedKind
from helhed.governance.tests.factories import make_committee, make_item
from helhed.governance.tests.pages import da, flashed, page
from helhed.hearings.models import Hearing
from helhed.hearings.tests.factories import make_hearing, submit
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import PolicyVersion
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db

RESPONSE = "Vi foreslår et mentorkorps i foreningslivet for nyankomne."


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def version(policy_officer: User) -> PolicyVersion:
    return make_policy(actor=policy_officer)


@pytest.fixture
def committee(policy_officer: User) -> Committee:
    return make_committee(actor=policy_officer)


@pytest.fixture
def item(policy_officer: User, committee: Committee, version: PolicyVersion) -> AgendaItem:
    return make_item(actor=policy_officer, committee=committee, policy_version=version)


@pytest.fixture
def hearing(policy_officer: User, version: PolicyVersion) -> Hearing:
    hearing = make_hearing(actor=policy_officer, version=version)
    submit(hearing, text=RESPONSE)
    return hearing


def _generate(client: Client, item: AgendaItem, **data: str) -> object:
    url = reverse("governance:attachment_generate", kwargs={"item_id": item.id})
    return client.post(url, {"hearing": "", "report_version": "", **data})


def _docx_text(content: bytes) -> str:
    """The document's paragraphs and table cells in reading order."""
    texts: list[str] = []
    for block in WordDocument(io.BytesIO(content)).iter_inner_content():
        if isinstance(block, DocxTable):
            texts.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            texts.append(block.text)
    return "\n".join(texts)


def _pdf_text(content: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _exports(client: Client, item: AgendaItem) -> tuple[str, str]:
    docx = client.get(reverse("governance:item_docx", kwargs={"item_id": item.id}))
    pdf = client.get(reverse("governance:item_pdf", kwargs={"item_id": item.id}))
    assert docx.status_code == 200
    assert pdf.status_code == 200
    return _docx_text(docx.content), " ".join(_pdf_text(pdf.content).split())


# --- attaching and exporting -------------------------------------------------------------------


def test_a_policy_officer_attaches_the_hearing_memo_and_the_follow_up_report(
    client: Client, policy_officer: User, item: AgendaItem, hearing: Hearing, version: PolicyVersion
) -> None:
    login_verified(client, policy_officer)

    response = _generate(client, item, hearing=str(hearing.id), report_version=str(version.id))

    assert response.status_code == 302  # type: ignore[attr-defined]
    memo, report = Attachment.objects.filter(item=item).order_by("number")
    assert (memo.number, memo.generated_kind, memo.hearing_id) == (
        1,
        GeneratedKind.HEARING_MEMO,
        hearing.id,
    )
    assert (report.number, report.generated_kind, report.report_version_id) == (
        2,
        GeneratedKind.FOLLOW_UP_REPORT,
        version.id,
    )
    assert memo.title == f"Høringsnotat: {hearing.title}"
    detail = page(client.get(reverse("governance:item_detail", kwargs={"item_id": item.id})))
    assert f"1 - Høringsnotat: {hearing.title}" in detail
    assert "2 - Opfølgningsrapport: Integrationspolitik 2018-2021, version 1" in detail


def test_the_docx_and_pdf_contain_the_memo_and_the_report_after_the_item(
    client: Client, policy_officer: User, item: AgendaItem, hearing: Hearing, version: PolicyVersion
) -> None:
    services.attachment_generate(
        actor=policy_officer, item=item, hearing=hearing, report_version=version
    )
    login_verified(client, policy_officer)

    docx, pdf = _exports(client, item)

    for text in (docx, pdf):
        memo_heading = f"Bilag 1: Høringsnotat: {hearing.title}"
        report_heading = "Bilag 2: Opfølgningsrapport: Integrationspolitik 2018-2021, version 1"
        assert memo_heading in text
        assert report_heading in text
        # the item comes first, then the memo (with the response), then the report
        assert text.index("Indstilling") < text.index(memo_heading)
        assert text.index(memo_heading) < text.index("mentorkorps") < text.index(report_heading)
        assert text.index(report_heading) < text.index("Branchepakker")
        assert "Mindst 45 procent er selvforsørgende." in text


def test_the_attachment_is_frozen_when_attached(
    client: Client, policy_officer: User, item: AgendaItem, hearing: Hearing
) -> None:
    services.attachment_generate(actor=policy_officer, item=item, hearing=hearing)
    submit(hearing, text="Et senere svar om biblioteker og lektiecaféer.", author_name="Senere")
    login_verified(client, policy_officer)

    docx, pdf = _exports(client, item)

    assert "mentorkorps" in docx
    assert "lektiecaféer" not in docx
    assert "lektiecaféer" not in pdf


def test_the_follow_up_report_attached_is_disclosure_controlled(
    policy_officer: User, item: AgendaItem, version: PolicyVersion
) -> None:
    (attachment,) = services.attachment_generate(
        actor=policy_officer, item=item, report_version=version
    )

    assert attachment.document is not None
    cover = attachment.document["sections"][0]["blocks"][0]["items"]
    figures = dict(cover)["Tal"]
    assert figures.startswith("diskretioneret")


def test_the_form_offers_only_what_exists_for_the_items_policy(
    client: Client,
    policy_officer: User,
    other_policy_officer: User,
    item: AgendaItem,
    hearing: Hearing,
) -> None:
    other_policy = make_hearing(actor=policy_officer, title="Høring om en anden politik")
    foreign = make_hearing(actor=other_policy_officer, title="Høring i en anden kommune")
    login_verified(client, policy_officer)

    body = page(client.get(reverse("governance:attachment_generate", kwargs={"item_id": item.id})))

    assert hearing.title in body
    assert other_policy.title not in body
    assert foreign.title not in body


# --- refusals ----------------------------------------------------------------------------------


def _nothing_written(item: AgendaItem) -> None:
    assert not Attachment.objects.filter(item=item).exists()
    assert not ChangeLog.objects.filter(item=item, object_type="attachment").exists()


def test_another_municipalitys_hearing_is_refused(
    client: Client, policy_officer: User, other_policy_officer: User, item: AgendaItem
) -> None:
    foreign = make_hearing(actor=other_policy_officer)

    with pytest.raises(ValidationError) as refused:
        services.attachment_generate(actor=policy_officer, item=item, hearing=foreign)
    assert refused.value.message_dict == {
        "hearing": ["Politikken hører til en anden kommune."],
    }
    login_verified(client, policy_officer)
    response = _generate(client, item, hearing=str(foreign.id))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert da("Hearing memo") in page(response)
    _nothing_written(item)


def test_a_hearing_on_another_policy_is_refused(
    client: Client, policy_officer: User, item: AgendaItem
) -> None:
    other = make_hearing(actor=policy_officer, title="Høring om en anden politik")

    with pytest.raises(ValidationError) as refused:
        services.attachment_generate(actor=policy_officer, item=item, hearing=other)
    assert refused.value.message_dict == {
        "hearing": [da("The hearing or report is about another policy than the agenda item.")],
    }
    login_verified(client, policy_officer)
    assert _generate(client, item, hearing=str(other.id)).status_code == 400  # type: ignore[attr-defined]
    _nothing_written(item)


def test_a_follow_up_report_of_another_policy_is_refused(
    policy_officer: User, item: AgendaItem
) -> None:
    other = make_policy(actor=policy_officer, title="Sundhedspolitik")

    with pytest.raises(ValidationError) as refused:
        services.attachment_generate(actor=policy_officer, item=item, report_version=other)
    assert "report_version" in refused.value.message_dict
    _nothing_written(item)


def test_the_same_memo_twice_is_refused_and_the_pair_writes_nothing(
    client: Client, policy_officer: User, item: AgendaItem, hearing: Hearing, version: PolicyVersion
) -> None:
    services.attachment_generate(actor=policy_officer, item=item, hearing=hearing)
    login_verified(client, policy_officer)

    # the memo again, with a report that could be attached: neither is written
    response = _generate(client, item, hearing=str(hearing.id), report_version=str(version.id))

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert da("The memo of this hearing is attached to the item already.") in page(response)
    assert Attachment.objects.filter(item=item).count() == 1


def test_an_item_about_no_policy_version_cannot_attach_a_memo(
    policy_officer: User, committee: Committee, hearing: Hearing
) -> None:
    item = make_item(actor=policy_officer, committee=committee, case_number="18/1")

    with pytest.raises(ValidationError) as refused:
        services.attachment_generate(actor=policy_officer, item=item, hearing=hearing)
    assert "hearing" in refused.value.message_dict
    _nothing_written(item)


def test_nothing_chosen_is_refused_naming_the_field(
    client: Client, policy_officer: User, item: AgendaItem
) -> None:
    login_verified(client, policy_officer)

    response = _generate(client, item)

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert da("Choose a hearing memo or a follow-up report to attach.") in page(response)
    _nothing_written(item)


@pytest.mark.parametrize("role", ["manager", "politician"])
def test_readers_cannot_attach(
    request: pytest.FixtureRequest,
    client: Client,
    role: str,
    policy_officer: User,
    item: AgendaItem,
    hearing: Hearing,
) -> None:
    reader: User = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        services.attachment_generate(actor=reader, item=item, hearing=hearing)
    login_verified(client, reader)
    response = _generate(client, item, hearing=str(hearing.id))
    assert response.status_code == 403  # type: ignore[attr-defined]
    _nothing_written(item)


def test_the_success_message_counts_the_attachments(
    client: Client, policy_officer: User, item: AgendaItem, hearing: Hearing, version: PolicyVersion
) -> None:
    login_verified(client, policy_officer)

    response = _generate(client, item, hearing=str(hearing.id), report_version=str(version.id))

    assert flashed(response) == [da("The hearing memo and the follow-up report were added.")]


def test_the_export_in_english_names_the_attachment_in_english(
    client: Client, policy_officer: User, item: AgendaItem, hearing: Hearing
) -> None:
    from django.utils import translation

    with translation.override("en"):
        services.attachment_generate(actor=policy_officer, item=item, hearing=hearing)
    login_verified(client, policy_officer)

    url = reverse("governance:item_docx", kwargs={"item_id": item.id})
    response = client.get(url, headers={"accept-language": "en"})
    assert response["Content-Language"] == "en"
    docx = _docx_text(response.content)

    assert f"Attachment 1: Hearing memo: {hearing.title}" in docx
    assert "mentorkorps" in docx


def test_the_item_page_offers_attaching_to_the_policy_officer_only(
    client: Client, policy_officer: User, politician: User, item: AgendaItem
) -> None:
    generate = reverse("governance:attachment_generate", kwargs={"item_id": item.id})
    detail = reverse("governance:item_detail", kwargs={"item_id": item.id})
    login_verified(client, policy_officer)
    assert generate in page(client.get(detail))
    login_verified(client, politician)
    assert generate not in page(client.get(detail))
