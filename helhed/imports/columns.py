# SPDX-License-Identifier: MPL-2.0
"""The types of an import file's columns: how a cell is read and how it is documented.

A cell comes from a CSV file as text, or from an XLSX workbook as text, a number, a date
or a boolean; each type accepts all of those that make sense and says in the user's
language what it expected.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Parse = Callable[[Any], Any]

TRUE = frozenset({"ja", "j", "yes", "y", "true", "sand", "1", "x"})
FALSE = frozenset({"nej", "n", "no", "false", "falsk", "0"})
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


class CellError(ValueError):
    """A cell's value cannot be read as its column's type; the message says why."""


@dataclass(frozen=True)
class ColumnType:
    name: Promise  # what the documentation calls it
    parse: Parse
    allowed: Sequence[str] = ()  # the codes a choice allows
    empty: Any = ""
    # `parse` of a text cell already stripped and not blank (what every CSV cell is),
    # without `as_text`: the row parser's fast path. The same value or error as `parse`.
    parse_text: Parse | None = None

    @property
    def text_parser(self) -> Parse:
        return self.parse_text or self.parse


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool
    help: Promise
    example: str
    allowed_help: Promise | None = field(default=None)

    @property
    def empty(self) -> Any:
        return self.type.empty


def as_text(value: Any) -> str:
    """The text of a cell: XLSX gives whole numbers as floats (123.0), which mean 123."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def text(max_length: int) -> ColumnType:
    def parse_text(result: str) -> str:
        if len(result) > max_length:
            raise CellError(
                _("At most %(count)d characters (this has %(length)d).")
                % {"count": max_length, "length": len(result)}
            )
        return result

    def parse(value: Any) -> str:
        return parse_text(as_text(value))

    return ColumnType(gettext_lazy("text"), parse, parse_text=parse_text)


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parse_date_text(as_text(value))


def _parse_date_text(raw: str) -> date:
    if len(raw) == 10 and raw[4] == "-":  # the common case, fast
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(raw, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise CellError(_("Not a date; write it YYYY-MM-DD, for example 2024-03-01."))


DATE = ColumnType(
    gettext_lazy("date (YYYY-MM-DD)"), _parse_date, empty=None, parse_text=_parse_date_text
)


def _parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = as_text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise CellError(_("Write ja or nej (yes or no)."))


BOOLEAN = ColumnType(gettext_lazy("ja/nej (yes/no)"), _parse_boolean, empty=False)


def integer(minimum: int, maximum: int) -> ColumnType:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise CellError(_("Not a whole number."))
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            raw = as_text(value)
            if not (raw.isascii() and raw.lstrip("-").isdigit()):
                raise CellError(_("Not a whole number."))
            number = int(raw)
        if not minimum <= number <= maximum:
            raise CellError(
                _("A whole number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}
            )
        return number

    return ColumnType(gettext_lazy("whole number"), parse, empty=None)


def choice(codes: Sequence[str]) -> ColumnType:
    allowed = tuple(codes)
    known = frozenset(allowed)

    def parse_text(raw: str) -> str:
        if raw not in known:
            raise CellError(
                _("%(value)s is not one of the allowed values: %(allowed)s.")
                % {"value": raw[:40], "allowed": ", ".join(allowed)}
            )
        return raw

    def parse(value: Any) -> str:
        return parse_text(as_text(value))

    return ColumnType(gettext_lazy("code"), parse, allowed=allowed, parse_text=parse_text)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
