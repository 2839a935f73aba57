# SPDX-License-Identifier: MPL-2.0
"""A process that starts Django once and runs management commands in forked children.

Django takes seconds to start on a busy machine; a test that kills many imports would
spend most of its time starting processes. This driver starts once (with the test
settings), then for every request on stdin, a JSON object
`{"database": PATH, "temp": DIR, "command": NAME, "args": [...],
"settings": {...}}`, forks a child that opens
its own connection to the SQLite file PATH, uses DIR as its temporary directory and runs
the command as `manage.py` would, with the given settings changed; with `"workers": N`,
N children at once (each with HELHED_TEST_WORKER set to its number). The driver prints
`PID <pid> ...` when they start, their output as it comes, and `EXIT <code>` when all
have ended (the first failure's code, negative for a signal; 0 when all succeeded).

Run as `python -m helhed.operations.tests.driver`.
"""

import json
import os
import sys
import tempfile
import traceback
from typing import Any


def _child(request: dict[str, Any]) -> None:
    code = 2
    try:
        from django.conf import settings
        from django.core.management import call_command
        from django.core.management.base import CommandError
        from django.db import connections

        os.environ["TMPDIR"] = str(request["temp"])
        tempfile.tempdir = None
        for name, value in request.get("settings", {}).items():
            setattr(settings, name, value)
        connections["default"].settings_dict["NAME"] = str(request["database"])
        try:
            call_command(
                str(request["command"]),
                *[str(a) for a in request["args"]],
                stdout=sys.stdout,
                stderr=sys.stdout,
            )
            code = 0
        except CommandError as error:
            print(f"ERROR {error}", flush=True)
            code = 1
        finally:
            connections.close_all()
    except BaseException:
        traceback.print_exc(file=sys.stdout)
    finally:
        sys.stdout.flush()
        os._exit(code)


def main() -> None:
    import django

    django.setup()
    from django.db import connections

    for line in sys.stdin:
        request = json.loads(line)
        connections.close_all()
        pids = []
        for worker in range(int(request.get("workers", 1))):
            pid = os.fork()
            if pid == 0:
                os.environ["HELHED_TEST_WORKER"] = str(worker)
                _child(request)
            pids.append(pid)
        print("PID " + " ".join(str(pid) for pid in pids), flush=True)
        codes = []
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            codes.append(-os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
        # the first failure's code, else 0
        print(f"EXIT {next((c for c in codes if c), 0)}", flush=True)


if __name__ == "__main__":
    main()
