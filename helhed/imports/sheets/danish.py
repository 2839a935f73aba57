# SPDX-License-Identifier: MPL-2.0
"""Danish education: the track, the module reached and a passed final test."""

from typing import Any

from django.utils.translation import gettext_lazy

from helhed.citizens.models import LAST_MODULE, DanishEducation, DanishTestKind, DanishTrack
from helhed.citizens.validation import danish_errors
from helhed.imports.columns import DATE, Column, choice, integer
from helhed.imports.sheets.base import (
    EXTERNAL_ID,
    PERSON_EXTERNAL_ID,
    FactSheet,
    ImportContext,
    PersonInfo,
    Row,
)


class DanishSheet(FactSheet):
    kind = "danish"
    changes = frozenset({"danish"})
    title = gettext_lazy("Danish education")
    description = gettext_lazy(
        "Danish education: the track (DU1-DU3), the module reached and a passed final test, "
        "which must be one that ends the track."
    )
    model = DanishEducation
    fields = ("track", "module", "referred_on", "test", "test_passed_on")
    columns = (
        EXTERNAL_ID,
        PERSON_EXTERNAL_ID,
        Column(
            "track",
            choice(DanishTrack.values),
            required=True,
            help=gettext_lazy("The track: du1, du2 or du3."),
            example="du3",
        ),
        Column(
            "module",
            integer(1, LAST_MODULE),
            required=True,
            help=gettext_lazy("The module reached, 1 to 6."),
            example="2",
        ),
        Column(
            "referred_on",
            DATE,
            required=True,
            help=gettext_lazy("The day of the referral; not in the future."),
            example="2024-03-15",
        ),
        Column(
            "test",
            choice(DanishTestKind.values),
            required=False,
            help=gettext_lazy("The final test passed, if any: pd1, pd2, pd3 or studieproeven."),
            example="",
        ),
        Column(
            "test_passed_on",
            DATE,
            required=False,
            help=gettext_lazy("The day the test was passed (with a test)."),
            example="",
        ),
    )

    def values(self, row: Row, person: PersonInfo, ctx: ImportContext) -> dict[str, Any] | None:
        v = row.values
        errors = danish_errors(
            track=v["track"],
            referred_on=v["referred_on"],
            test=v["test"],
            test_passed_on=v["test_passed_on"],
            birth_date=person.birth_date,
            today=ctx.today,
        )
        if errors:
            ctx.problems(row.number, errors)
            return None
        return {name: v[name] for name in self.fields}
