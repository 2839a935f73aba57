# SPDX-License-Identifier: MPL-2.0
"""`manage.py audit_verify [--municipality KODE] [--against HEADS.json]`

Verifies every municipality's audit chain (or one's) and exits non-zero naming the first
bad event. With --against, also checks that heads exported earlier by `audit_chain_head`
are still in their chains: a chain cut back to before an exported head is caught there.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from helhed.audit.verification import chains_verify, heads_check
from helhed.organisations.models import Municipality


def read_heads(path: Path) -> list[dict[str, Any]]:
    """The exported heads in `path`, or a CommandError that says what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error.strerror}
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CommandError(_("%(file)s is not a JSON file.") % {"file": path}) from None
    heads = data.get("heads") if isinstance(data, dict) else None
    if not isinstance(heads, list) or not all(
        isinstance(h, dict)
        and isinstance(h.get("municipality"), str)
        and isinstance(h.get("sequence"), int)
        and isinstance(h.get("hash"), str)
        for h in heads
    ):
        raise CommandError(
            _("%(file)s is not an export of chain heads (made by audit_chain_head).")
            % {"file": path}
        )
    return heads


class Command(BaseCommand):
    help = "Verify the hash chains of the audit log; exit non-zero on the first bad event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="KODE", help="Only this kommunekode.")
        parser.add_argument(
            "--against", type=Path, metavar="FILE", help="Heads exported by audit_chain_head."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("kommunekode")
        if options["municipality"]:
            municipalities = municipalities.filter(kommunekode=options["municipality"])
            if not municipalities.exists():
                raise CommandError(
                    _("No municipality has the kommunekode %(kode)s.")
                    % {"kode": options["municipality"]}
                )
        heads = read_heads(options["against"]) if options["against"] else None
        problems = []
        for report in chains_verify(municipalities=municipalities):
            name = f"{report.municipality.kommunekode} {report.municipality.name}"
            if report.ok:
                self.stdout.write(
                    _("%(name)s: %(events)s events, the chain is intact.")
                    % {"name": name, "events": report.events}
                )
            else:
                problems.append(f"{name}: {report.problem}")
        if heads is not None:
            wanted = {m.kommunekode for m in municipalities}
            problems += heads_check(exported=[h for h in heads if h["municipality"] in wanted])
        if problems:
            raise CommandError("\n".join(problems))
