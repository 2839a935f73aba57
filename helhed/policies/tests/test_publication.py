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
