# SPDX-License-Identifier: MPL-2.0
"""The policy as a PDF publication."""

import io

import pytest
from pypdf import PdfReader

from helhed.policies import services
from helhed.policies.publication import policy_pdf
from helhed.policies.tests.factories import make_policy


@pytest.mark.django_db
def test_running_header_prints_the_title_as_written_on_every_page(policy_officer):
    # given a title with a hyphen, quotes, an ampersand and Danish letters
    version = make_policy(actor=policy_officer)
    title = 'Integrations- & "medborger"-politik æøå'
    version = services.policy_version_update(actor=policy_officer, version=version, title=title)

    # when the PDF is made
    reader = PdfReader(io.BytesIO(policy_pdf(version=version)))

    # then every page after the cover carries the title and the municipality, unmangled
    assert len(reader.pages) >= 2
    for page in reader.pages[1:]:
        text = page.extract_text()
        assert f"{title} 2018-2021" in text
        assert "Horsens Kommune" in text
        assert "u002D" not in text
        assert "u0022" not in text


@pytest.mark.django_db
def test_the_pdf_is_rendered_once_per_content_and_again_after_a_change(policy_officer, monkeypatch):
    from helhed.policies import publication

    # given a draft and a counter on the renderer
    version = make_policy(actor=policy_officer)
    calls = []
    real = publication.policy_pdf

    def counting(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(publication, "policy_pdf", counting)

    # when it is asked for twice, then it is rendered once
    first = publication.cached_policy_pdf(version=version)
    assert publication.cached_policy_pdf(version=version) == first
    assert len(calls) == 1

    # when a part changes, then the next PDF is rendered anew and shows the change
    area = version.focus_areas.get()
    area.title = "Beskæftigelse og uddannelse"
    services.version_part_save(actor=policy_officer, part=area)
    second = publication.cached_policy_pdf(version=version)
    assert len(calls) == 2
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(second)).pages)
    assert "Beskæftigelse og uddannelse" in text
