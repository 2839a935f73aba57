# SPDX-License-Identifier: MPL-2.0
"""The validation report of an import: every problem as (row, column, message).

Messages are in the language active while the file is read (the user's). No CPR number
reaches a report: whatever a message quotes from the file, ten digits that could be one
are masked first.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

# Ten digits, as DDMMYY-XXXX or DDMMYYXXXX, not part of a longer number.
CPR_LIKE = re.compile(r"(?<![0-9])([0-9]{6})-?[0-9]{4}(?![0-9])")


def mask_cpr_like(text: str) -> str:
    return CPR_LIKE.sub(r"\1-xxxx", text)


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet's row number: the header is row 1; 0 is the whole file
    column: str
    message: str


class ImportRefusedError(Exception):
    """The file cannot be read at all (its encoding, its columns, its size, its type)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class Report:
    limit: int = field(default_factory=lambda: int(settings.HELHED_IMPORT_REPORT_LIMIT))
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.problems) < self.limit:
            self.problems.append(Problem(row, column, mask_cpr_like(str(message))))

    @property
    def full(self) -> bool:
        """The report holds as many problems as it shows: reading further adds nothing."""
        return self.total >= self.limit

    def __bool__(self) -> bool:
        return self.total > 0
