# SPDX-License-Identifier: MPL-2.0
"""A page that shows two documents (a published report's latest and first version), or a
document with two charts of the same title, has unique element ids: every
aria-labelledby names exactly one element."""

import re
from collections import Counter
from dataclasses import replace

from django.template import Context, Template

from helhed.reports.document import Document, Section
from helhed.reports.render.html import render_html
from helhed.reports.tests.samples import sample_document


def ids_and_references(html: str) -> tuple[Counter[str], list[str]]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    references = [
        ref for refs in re.findall(r'aria-labelledby="([^"]+)"', html) for ref in refs.split()
    ]
    return ids, references


def assert_unique(html: str, *, charts: int) -> None:
    ids, references = ids_and_references(html)
    assert len(references) == 2 * charts  # a title and a description per chart
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(ids[ref] == 1 for ref in references)


def twice_the_chart() -> Document:
    """The sample with its chart's section repeated: two charts with the same title."""
    document = sample_document()
    first = document.sections[0]
    return replace(document, sections=[replace(first, sections=[*first.sections, *first.sections])])


def test_two_documents_on_one_page_have_their_own_chart_ids() -> None:
    page = Template(
        "{% load reports %}<main>{% report_document one %}{% report_document two %}</main>"
    ).render(Context({"one": twice_the_chart(), "two": twice_the_chart()}))
    assert_unique(page, charts=4)


def test_the_same_document_twice_on_one_page_still_has_unique_ids() -> None:
    document = sample_document()
    page = Template(
        "{% load reports %}{% report_document doc %}<section>{% report_document doc %}</section>"
    ).render(Context({"doc": document}))
    assert_unique(page, charts=2)


def test_two_charts_with_the_same_title_in_one_document_have_their_own_ids() -> None:
    html = str(render_html(twice_the_chart()))
    assert_unique(html, charts=2)
    assert 'aria-labelledby="chart-2-title chart-2-desc"' in html


def test_without_a_chart_there_is_nothing_to_reference() -> None:
    document = replace(sample_document(), sections=[Section("Tom")])
    _ids, references = ids_and_references(str(render_html(document)))
    assert references == []
