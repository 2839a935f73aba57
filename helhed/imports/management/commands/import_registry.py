# SPDX-License-Identifier: MPL-2.0
"""`manage.py import_registry --kind spells --municipality 615 --user horsens-sagsbehandler FILE`

Imports FILE (CSV or XLSX) as the given caseworker, printing progress (rows read,
validated, written) as it goes and the report at the end. Exits with an error, having
written nothing, when the file has any problem.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from helhed.imports.services import ImportResult, registry_import
from helhed.imports.sheets import SHEETS
from helhed.imports.sheets.base import Counts
from helhed.organisations.models import User


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of one kind into a municipality's registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=sorted(SHEETS))
        parser.add_argument("--municipality", required=True, help="kommunekode, e.g. 615")
        parser.add_argument("--user", required=True, help="the importing caseworker's username")
        parser.add_argument("--language", default="da", choices=["da", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        with translation.override(options["language"]):
            user = User.objects.filter(
                username=options["user"], municipality__kommunekode=options["municipality"]
            ).first()
            if user is None:
                raise CommandError(
                    _("No user %(user)s in the municipality %(code)s.")
                    % {"user": options["user"], "code": options["municipality"]}
                )
            if not path.is_file():
                raise CommandError(_("No file %(path)s.") % {"path": path.name})
            try:
                result = registry_import(
                    actor=user,
                    kind=options["kind"],
                    path=path,
                    file_name=path.name,
                    on_progress=self._progress,
                )
            except PermissionDenied:
                raise CommandError(_("%(user)s may not import.") % {"user": user}) from None
            self._report(result)

    def _progress(self, counts: Counts, percent: int | None) -> None:
        share = f" ({percent} %)" if percent is not None else ""
        self.stdout.write(
            _("%(read)d rows read, %(validated)d validated, %(written)d written%(share)s")
            % {
                "read": counts.read,
                "validated": counts.validated,
                "written": counts.written,
                "share": share,
            }
        )

    def _report(self, result: ImportResult) -> None:
        if result.ok:
            counts = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Imported: %(created)d created, %(updated)d changed, "
                        "%(unchanged)d unchanged."
                    )
                    % {
                        "created": counts.created,
                        "updated": counts.updated,
                        "unchanged": counts.unchanged,
                    }
                )
            )
            return
        for problem in result.report.problems:
            self.stderr.write(
                _("Row %(row)s, column %(column)s: %(message)s")
                % {
                    "row": problem.row or "-",
                    "column": problem.column or "-",
                    "message": problem.message,
                }
            )
        if result.report.total > len(result.report.problems):
            self.stderr.write(
                _("The report shows the first %(shown)d problems; the import stopped there.")
                % {"shown": len(result.report.problems)}
            )
        raise CommandError(
            _("Nothing was imported: the file has %(count)d problem(s).")
            % {"count": result.report.total}
        )
