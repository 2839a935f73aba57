# SPDX-License-Identifier: MPL-2.0
"""The registry of report kinds that can be published (docs/adr/0030).

A kind is a key, a label, a parameter form and a builder
``build(municipality, params, audience) -> Document``. The builder of a published
report gets an audience (committee or public) and must disclosure-control everything it
puts in the document (ADR 0022): the document is frozen as it is and shown to that
audience without any further check.

The parameter form's ``cleaned_data`` is the report's ``params``: it must hold JSON-able
values only (int, str, bool, None), since the params are stored and given to the builder
again to recompute the report. Its fields must not be called ``kind``, ``audience`` or
``recipient`` (the publish form's own fields).

A kind may give ``initial`` (the params the publish form starts from) and ``choices``
(the options of a field, e.g. the municipality's policy versions, shown as a list).

A kind whose tables are linked (secondary suppression across cells, ADR 0022) gives
``build_linked`` and ``series`` as well (docs/adr/0048, 0049): ``series(params)`` names the
run of publications whose tables overlap (the monthly overview: all its years, since each
repeats the year before), and ``build_linked(municipality, params, audience, previous)``
protects the tables together with what every version of the series published before it
(``previous``, empty for the first) and returns the Document with what this version
publishes, for the versions after it.

To add a kind, write a module with a module-level ``KIND = ReportKind(...)`` and append
its dotted path to ``KIND_MODULES``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from helhed.indicators.disclosure import Released
from helhed.organisations.models import Municipality
from helhed.reports.document import Document

Builder = Callable[[Municipality, dict[str, Any], str], Document]


@dataclass(frozen=True)
class Built:
    """A linked kind's document and what its tables published (never shown to anyone)."""

    document: Document
    released: Released


LinkedBuilder = Callable[[Municipality, dict[str, Any], str, Sequence[Released]], Built]
# the run of publications a report's tables overlap with, from its params
Series = Callable[[dict[str, Any]], str]
# the params the publish form starts from, for the municipality on `today`
Initial = Callable[[Municipality, date], dict[str, Any]]
# choices to offer in the form's fields (e.g. the municipality's policy versions): a
# presentation only; the builder checks what it is given
Choices = Callable[[Municipality], dict[str, list[tuple[str, str]]]]

KIND_MODULES: tuple[str, ...] = (
    "helhed.indicators.reports.target_status",
    "helhed.indicators.reports.overview_publication",
    "helhed.indicators.reports.follow_up_publication",
)
RESERVED_FIELDS = frozenset({"kind", "audience", "recipient"})


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: Promise
    build: Builder
    form: type[forms.Form]
    description: Promise | str = ""
    initial: Initial | None = None
    choices: Choices | None = None
    build_linked: LinkedBuilder | None = None
    series: Series | None = None


class UnknownReportKindError(LookupError):
    pass


@cache
def report_kinds() -> dict[str, ReportKind]:
    """Every registered kind by key, in the order of KIND_MODULES."""
    kinds: dict[str, ReportKind] = {}
    for module in KIND_MODULES:
        kind = import_string(f"{module}.KIND")
        if not isinstance(kind, ReportKind):
            raise TypeError(f"{module}.KIND is not a ReportKind")
        if kind.key in kinds:
            raise ValueError(f"Two report kinds are called {kind.key!r}")
        if (kind.build_linked is None) != (kind.series is None):
            raise ValueError(f"Report kind {kind.key!r}: give both build_linked and series")
        clash = RESERVED_FIELDS & set(kind.form.base_fields)
        if clash:
            raise ValueError(f"Report kind {kind.key!r}: its form uses reserved fields {clash}")
        kinds[kind.key] = kind
    return kinds


def report_kind(key: str) -> ReportKind:
    try:
        return report_kinds()[key]
    except KeyError:
        raise UnknownReportKindError(key) from None
