# SPDX-License-Identifier: MPL-2.0
"""The files of a backup: which names are accepted, and writing one without a partial file.

A backup is written to a hidden temporary file beside its target and linked to its name
only when complete, so a crash (or kill -9) never leaves a half-written file under the
name an operator would restore from, and an existing file is never overwritten.
"""

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

# A plain file name: letters, digits, dot, dash and underscore, not hidden, not an option.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class BackupError(Exception):
    """The backup or restore was refused or failed; the message says why, in the user's
    language, and nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def output_path_check(raw: str) -> Path:
    """The path a new backup may be written to, or a BackupError naming the problem."""
    path = Path(raw)
    if not raw or ".." in path.parts:
        raise BackupError(
            _("--output: the path may not contain “..”; give the backup directory plainly.")
        )
    if not _NAME.match(path.name):
        raise BackupError(
            _(
                "--output: the file name may contain only letters, digits, “.”, “-” and “_”, "
                "and may not begin with “.” or “-”."
            )
        )
    if not path.parent.is_dir():
        raise BackupError(
            _("--output: the directory %(dir)s does not exist.") % {"dir": path.parent}
        )
    if path.exists() or path.is_symlink():
        raise BackupError(
            _("--output: %(name)s exists already; a backup never overwrites a file.")
            % {"name": path.name}
        )
    return path


def input_path_check(raw: str) -> Path:
    """The backup file to restore from, or a BackupError naming the problem."""
    path = Path(raw)
    if not raw or not path.is_file():
        raise BackupError(_("--input: no backup file %(name)s.") % {"name": path.name or raw})
    return path


def write_complete(target: Path, write: Callable[[Path], None]) -> int:
    """Let `write` fill a temporary file beside `target`, sync it, then give it the name
    `target` (never replacing a file). Returns the size; removes the temporary file on
    any failure."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    partial = Path(name)
    try:
        write(partial)
        with partial.open("rb+") as file:
            os.fsync(file.fileno())
        os.link(partial, target)  # fails if target appeared meanwhile: nothing is replaced
    except FileExistsError:
        raise BackupError(
            _("--output: %(name)s exists already; a backup never overwrites a file.")
            % {"name": target.name}
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size
