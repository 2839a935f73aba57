# SPDX-License-Identifier: MPL-2.0
"""A document with one of every block, for the renderers' tests."""

from datetime import UTC, datetime

from helhed.reports.document import (
    Chart,
    Column,
    Document,
    Hidden,
    Paragraph,
    Section,
    Series,
    Table,
    Terms,
)


def sample_document() -> Document:
    return Document(
        title="Månedsoversigt 2015",
        subtitle="Flygtninge og familiesammenførte",
        issuer="Horsens Kommune",
        data_as_of=datetime(2016, 1, 31, 23, 0, tzinfo=UTC),
        notes=["Tal under 5 er skjult."],
        sections=[
            Section(
                "Modtagne",
                blocks=[
                    Paragraph("Første afsnit.\n\nAndet afsnit <script>alert(1)</script>"),
                    Terms([("Sagsnr.", "15/1234"), ("Beslutningskompetence", "Byrådet")]),
                    Table(
                        caption="Modtagne efter kilde",
                        columns=[
                            Column("Kilde"),
                            Column("Personer", "count"),
                            Column("Andel", "percent", 1),
                        ],
                        rows=[
                            ["Kvoteflygtninge", 1234, 45.26],
                            ["Familiesammenførte", Hidden("skjult"), None],
                            ["I alt", 1300, 100.0],
                        ],
                        footnotes=["Kilde: registret."],
                        emphasised_rows=frozenset({2}),
                    ),
                ],
                sections=[
                    Section(
                        "Udvikling",
                        blocks=[
                            Chart(
                                title="Selvforsørgede",
                                x_label="År",
                                y_label="Andel",
                                unit="%",
                                categories=["2014", "2015", "2016"],
                                series=[
                                    Series("Horsens", [30.0, None, 41.5]),
                                    Series("Mål", [30.0, 37.5, 45.0], reference=True),
                                ],
                                decimals=1,
                            )
                        ],
                    )
                ],
            )
        ],
    )
