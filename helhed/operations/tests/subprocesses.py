# SPDX-License-Identifier: MPL-2.0
"""Management commands in processes of their own, on SQLite files of their own, for the
tests that kill an import or write from several processes at once (driver.py)."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]

SETUP_MUNICIPALITY = """
from helhed.organisations.models import Role
from helhed.organisations.services import department_create, municipality_create
from helhed.organisations.tests.factories import make_user

municipality = municipality_create(kommunekode="615", name="Horsens Kommune", slug="horsens")
jobcenter = department_create(municipality=municipality, name="Jobcenter", kind="jobcenter")
make_user(
    municipality=municipality,
    roles=[Role.CASEWORKER],
    username="sagsbehandler",
    departments=[jobcenter],
)
"""


@dataclass
class Child:
    pids: list[int]
    lines: list[str] = field(default_factory=list)
    code: int | None = None


class Driver:
    """The driver process (driver.py): Django started once, commands run in forked
    children, each a process that can be killed."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)  # the children are given their SQLite file
        env.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONUNBUFFERED": "1"})
        env["DATABASE_URL"] = "sqlite:///:memory:"  # never opened by the driver itself
        self.process = subprocess.Popen(
            [sys.executable, "-m", "helhed.operations.tests.driver"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def start(
        self,
        command: str,
        *args: str,
        database: Path,
        temp: Path,
        settings: dict[str, Any] | None = None,
        workers: int = 1,
    ) -> Child:
        assert self.process.stdin is not None
        if command == "shell":
            # Django's shell prints what it imported: a line the protocol would read
            args = ("--no-imports", *args)
        request = {
            "command": command,
            "args": list(args),
            "database": str(database),
            "temp": str(temp),
            "settings": settings or {},
            "workers": workers,
        }
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        first = self._line()
        assert first.startswith("PID "), first
        return Child([int(pid) for pid in first.split()[1:]])

    @staticmethod
    def pid(child: Child) -> int:
        (pid,) = child.pids
        return pid

    def output(self, child: Child) -> Iterator[str]:
        """The child's lines as they come, until it ends (its code is then set)."""
        while child.code is None:
            line = self._line()
            if line.startswith("EXIT "):
                child.code = int(line.split()[1])
                return
            child.lines.append(line)
            yield line

    def finish(self, child: Child) -> Child:
        for _ in self.output(child):
            pass
        return child

    def run(self, command: str, *args: str, **where: Any) -> Child:
        return self.finish(self.start(command, *args, **where))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the driver process ended")
        return line.rstrip("\n")


def migrated_database(driver: Driver, database: Path, temp: Path) -> None:
    """A new SQLite file with every migration applied, Horsens and its caseworker."""
    for args in (("migrate", "--noinput", "-v", "0"), ("shell", "-c", SETUP_MUNICIPALITY)):
        child = driver.run(*args, database=database, temp=temp)
        assert child.code == 0, child.lines


def persons_csv(path: Path, count: int) -> list[str]:
    """A persons file of `count` rows with distinct CPR numbers; returns the numbers."""
    header = "external_id,cpr,first_name,last_name,country_of_origin,department\n"
    born = date(1970, 1, 1)
    cprs = []
    with path.open("w", encoding="utf-8") as file:
        file.write(header)
        for number in range(count):
            day = born + timedelta(days=number)
            cpr = f"{day:%d%m%y}-{1000 + number % 3000:04d}"
            cprs.append(cpr)
            file.write(f"K{number:05d},{cpr},Amal,Haddad {number},SY,Jobcenter\n")
    return cprs
