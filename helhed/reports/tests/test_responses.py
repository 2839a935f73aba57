# SPDX-License-Identifier: MPL-2.0
import re

import pytest
from django.test import RequestFactory

from helhed.reports.responses import UnknownFormatError, document_response, requested_format
from helhed.reports.tests.samples import sample_document


@pytest.mark.parametrize(
    ("fmt", "content_type", "disposition"),
    [
        ("pdf", "application/pdf", "inline"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"),
    ],
)
def test_a_download_has_its_type_a_safe_name_and_is_not_cached(fmt, content_type, disposition):
    response = document_response(sample_document(), fmt, stem="Månedsoversigt Horsens 2015")
    assert response["Content-Type"] == content_type
    assert re.fullmatch(
        rf'{disposition}; filename="manedsoversigt-horsens-2015-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}"',
        response["Content-Disposition"],
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content


def test_the_format_is_read_from_the_query_and_an_unknown_one_is_refused():
    factory = RequestFactory()
    assert requested_format(factory.get("/r/")) is None
    assert requested_format(factory.get("/r/?format=html")) is None
    assert requested_format(factory.get("/r/?format=xlsx")) == "xlsx"
    with pytest.raises(UnknownFormatError):
        requested_format(factory.get("/r/?format=exe"))
    with pytest.raises(UnknownFormatError):
        document_response(sample_document(), "exe", stem="x")
