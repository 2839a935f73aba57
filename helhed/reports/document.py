# SPDX-License-Identifier: MPL-2.0
"""The model of a document every report, memo and agenda item is built as.

A Document is plain data: text is plain text (never markup; every renderer escapes it),
numbers are numbers (the renderers format them for the language and the medium), and a
cell a disclosure rule hides is a `Hidden` with the label to show. `to_data` and
`from_data` turn a Document into JSON-able data and back, exactly, so a published report
can be frozen with its numbers and read again years later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

ColumnKind = Literal["text", "count", "number", "percent"]
ChartKind = Literal["line", "bar"]


@dataclass(frozen=True)
class Hidden:
    """A cell that is not shown: suppressed by disclosure control, or without a value."""

    label: str


Value = str | int | float | Decimal | Hidden | None


@dataclass(frozen=True)
class Column:
    label: str
    kind: ColumnKind = "text"
    decimals: int = 0

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Paragraph:
    """Plain text; a blank line separates paragraphs."""

    text: str


@dataclass(frozen=True)
class Terms:
    """A list of terms and their descriptions (a case's Sagsnr., Beslutningskompetence, ...)."""

    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[Column]
    rows: list[list[Value]]
    footnotes: list[str] = field(default_factory=list)
    # rows whose first cell heads the row (a total, a group); rendered bold
    emphasised_rows: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Table {self.caption!r}: row {number} has {len(row)} cells, "
                    f"not {len(self.columns)}"
                )


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    # a reference line (a target's trajectory) is drawn dashed
    reference: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart with its numbers: every renderer shows the table of the chart beside it."""

    title: str
    x_label: str
    y_label: str
    unit: str
    categories: list[str]
    series: list[Series]
    kind: ChartKind = "line"
    decimals: int = 0

    def __post_init__(self) -> None:
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"Chart {self.title!r}: series {s.name!r} has {len(s.values)} values "
                    f"for {len(self.categories)} categories"
                )

    def table(self) -> Table:
        """The chart's numbers as the accessible table beside it."""
        kind: ColumnKind = "percent" if self.unit == "%" else "number"
        return Table(
            caption=self.title,
            columns=[
                Column(self.x_label),
                *(Column(s.name, kind, self.decimals) for s in self.series),
            ],
            rows=[
                [category, *(s.values[i] for s in self.series)]
                for i, category in enumerate(self.categories)
            ],
        )


Block = Paragraph | Terms | Table | Chart


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    title: str
    sections: list[Section]
    subtitle: str = ""
    issuer: str = ""  # the municipality (or committee) the document is from
    # when the data behind the numbers was read; None for a document without figures
    data_as_of: datetime | None = None
    notes: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        """Every table and chart table, in reading order (the XLSX sheets)."""
        found: list[Table] = []

        def walk(section: Section) -> None:
            for block in section.blocks:
                if isinstance(block, Table):
                    found.append(block)
                elif isinstance(block, Chart):
                    found.append(block.table())
            for child in section.sections:
                walk(child)

        for section in self.sections:
            walk(section)
        return found


# --- to and from JSON-able data (a frozen report) -----------------------------------


def _value_to_data(value: Value) -> Any:
    if isinstance(value, Hidden):
        return {"hidden": value.label}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _value_from_data(data: Any) -> Value:
    if isinstance(data, dict):
        if "hidden" in data:
            return Hidden(data["hidden"])
        return Decimal(data["decimal"])
    if data is None or isinstance(data, str | int | float):
        return data
    raise ValueError(f"Not a table value: {data!r}")


def _block_to_data(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text}
    if isinstance(block, Terms):
        return {"type": "terms", "items": [list(item) for item in block.items]}
    if isinstance(block, Table):
        return {
            "type": "table",
            "caption": block.caption,
            "columns": [[c.label, c.kind, c.decimals] for c in block.columns],
            "rows": [[_value_to_data(v) for v in row] for row in block.rows],
            "footnotes": list(block.footnotes),
            "emphasised_rows": sorted(block.emphasised_rows),
        }
    return {
        "type": "chart",
        "title": block.title,
        "x_label": block.x_label,
        "y_label": block.y_label,
        "unit": block.unit,
        "categories": list(block.categories),
        "series": [[s.name, list(s.values), s.reference] for s in block.series],
        "kind": block.kind,
        "decimals": block.decimals,
    }


def _block_from_data(data: dict[str, Any]) -> Block:
    kind = data["type"]
    if kind == "paragraph":
        return Paragraph(data["text"])
    if kind == "terms":
        return Terms([(term, text) for term, text in data["items"]])
    if kind == "table":
        return Table(
            caption=data["caption"],
            columns=[Column(label, kind, decimals) for label, kind, decimals in data["columns"]],
            rows=[[_value_from_data(v) for v in row] for row in data["rows"]],
            footnotes=list(data["footnotes"]),
            emphasised_rows=frozenset(data["emphasised_rows"]),
        )
    if kind == "chart":
        return Chart(
            title=data["title"],
            x_label=data["x_label"],
            y_label=data["y_label"],
            unit=data["unit"],
            categories=list(data["categories"]),
            series=[Series(name, list(values), ref) for name, values, ref in data["series"]],
            kind=data["kind"],
            decimals=data["decimals"],
        )
    raise ValueError(f"Not a document block: {kind!r}")


def _section_to_data(section: Section) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "blocks": [_block_to_data(b) for b in section.blocks],
        "sections": [_section_to_data(s) for s in section.sections],
    }


def _section_from_data(data: dict[str, Any]) -> Section:
    return Section(
        heading=data["heading"],
        blocks=[_block_from_data(b) for b in data["blocks"]],
        sections=[_section_from_data(s) for s in data["sections"]],
    )


def to_data(document: Document) -> dict[str, Any]:
    return {
        "title": document.title,
        "subtitle": document.subtitle,
        "issuer": document.issuer,
        "data_as_of": document.data_as_of.isoformat() if document.data_as_of else None,
        "notes": list(document.notes),
        "sections": [_section_to_data(s) for s in document.sections],
    }


def from_data(data: dict[str, Any]) -> Document:
    as_of = data["data_as_of"]
    return Document(
        title=data["title"],
        subtitle=data["subtitle"],
        issuer=data["issuer"],
        data_as_of=datetime.fromisoformat(as_of) if as_of else None,
        notes=list(data["notes"]),
        sections=[_section_from_data(s) for s in data["sections"]],
    )
