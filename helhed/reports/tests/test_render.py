# SPDX-License-Identifier: MPL-2.0
import io
import re

import pytest
from django.utils import translation
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from helhed.reports.document import Chart, Column, Series
from helhed.reports.render.docx import render_docx
from helhed.reports.render.html import render_html
from helhed.reports.render.numbers import NO_VALUE, display
from helhed.reports.render.pdf import render_pdf
from helhed.reports.render.svg import chart_svg
from helhed.reports.render.xlsx import render_xlsx
from helhed.reports.tests.samples import sample_document


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def test_numbers_are_written_the_danish_way():
    assert display(1234, Column("n", "count")) == "1.234"
    assert display(45.26, Column("p", "percent", 1)) == "45,3 %"
    assert display(None, Column("n", "count")) == NO_VALUE


def test_numbers_are_written_the_english_way_in_english():
    with translation.override("en"):
        assert display(1234, Column("n", "count")) == "1,234"
        assert display(7.5, Column("p", "percent", 1)) == "7.5 %"


def test_the_html_escapes_text_and_shows_hidden_cells_by_their_label():
    html = str(render_html(sample_document()))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<td class="text-align-right">skjult</td>' in html
    assert "<h2>Modtagne</h2>" in html
    assert "<h3>Udvikling</h3>" in html
    assert "<dt>Sagsnr.</dt>" in html
    assert "Data pr. 1. februar 2016 00:00." in html  # 23:00 UTC is midnight in Copenhagen


def test_a_chart_is_an_svg_labelled_by_its_title_with_its_table_beside_it():
    html = str(render_html(sample_document()))
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    assert 'aria-labelledby="chart-1-title chart-1-desc"' in svg.group(0)
    assert '<title id="chart-1-title">Selvforsørgede</title>' in svg.group(0)
    assert "style=" not in svg.group(0)  # the CSP forbids inline style
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert "<caption>Selvforsørgede</caption>" in figure
    assert "41,5 %" in figure
    assert "37,5 %" in figure


def test_a_chart_names_its_axes_and_unit_and_breaks_the_line_at_a_missing_value():
    chart = Chart(
        "C",
        "Måned",
        "Personer",
        "personer",
        ["1", "2", "3", "4"],
        [Series("A", [1.0, 2.0, None, 4.0])],
    )
    svg = chart_svg(chart, element_id="c")
    assert "Personer (personer)" in svg
    assert ">Måned<" in svg
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 3 + 1  # three points and the legend's marker


def test_a_bar_chart_draws_a_bar_per_value():
    chart = Chart(
        "C",
        "x",
        "y",
        "personer",
        ["a", "b"],
        [Series("A", [1.0, 2.0]), Series("B", [3.0, 0.0])],
        kind="bar",
    )
    svg = chart_svg(chart, element_id="c")
    assert svg.count("<rect") == 1 + 4 + 2  # the background, four bars, two legend swatches


def test_the_pdf_has_the_title_the_text_and_the_numbers():
    pdf = render_pdf(sample_document())
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Månedsoversigt 2015" in text
    assert "Horsens Kommune" in text
    assert "1.234" in text
    assert "skjult" in text
    assert "<script>alert(1)</script>" in text  # shown as text


def test_the_docx_has_headings_text_and_tables_with_formatted_numbers():
    word = WordDocument(io.BytesIO(render_docx(sample_document())))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Månedsoversigt 2015" in paragraphs
    assert "Modtagne" in paragraphs
    assert "Andet afsnit <script>alert(1)</script>" in paragraphs
    first, chart_table = word.tables
    assert [c.text for c in first.rows[1].cells] == ["Kvoteflygtninge", "1.234", "45,3 %"]
    assert [c.text for c in first.rows[2].cells] == ["Familiesammenførte", "skjult", NO_VALUE]
    assert [c.text for c in chart_table.rows[3].cells] == ["2016", "41,5 %", "45,0 %"]
    assert word.core_properties.title == "Månedsoversigt 2015"


def test_the_xlsx_has_a_sheet_per_table_with_numbers_as_numbers_and_a_native_chart():
    book = load_workbook(io.BytesIO(render_xlsx(sample_document())))
    assert book.sheetnames == ["Rapport", "1 Modtagne efter kilde", "2 Selvforsørgede"]
    table = book["1 Modtagne efter kilde"]
    assert [c.value for c in table[3]] == ["Kvoteflygtninge", 1234, 45.26]
    assert [c.value for c in table[4]] == ["Familiesammenførte", "skjult", None]
    chart_sheet = book["2 Selvforsørgede"]
    assert [c.value for c in chart_sheet[5]] == ["2016", 41.5, 45.0]
    assert len(chart_sheet._charts) == 1  # type: ignore[attr-defined]
    front = [row[0] for row in book["Rapport"].iter_rows(values_only=True)]
    assert "Horsens Kommune" in front
    assert "Månedsoversigt 2015" in front
