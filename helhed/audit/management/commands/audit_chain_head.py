# SPDX-License-Identifier: MPL-2.0
"""`manage.py audit_chain_head [--output FILE]`: every audit chain's head as JSON.

Keep the output outside Helhed (mailed, printed, in write-once storage): later,
`audit_verify --against FILE` proves each head is still in its chain, so the newest
events cannot be cut off and the chain rebuilt without it showing.
"""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.verification import heads_export


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed into place."""
    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Export the heads of the audit chains (municipality, sequence, hash, time) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, metavar="FILE", help="Write here, not stdout.")

    def handle(self, *args: Any, **options: Any) -> None:
        document = {"exported_at": timezone.now().isoformat(), "heads": heads_export()}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text, ending="")
            return
        if not output.resolve().parent.is_dir():
            raise CommandError(_("The folder of %(file)s does not exist.") % {"file": output})
        write_atomically(output, text)
        self.stdout.write(
            _("Wrote %(count)s chain heads to %(file)s.")
            % {"count": len(document["heads"]), "file": output}
        )
