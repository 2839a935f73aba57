# SPDX-License-Identifier: MPL-2.0
"""`manage.py import_registry`: progress lines while it reads, the report at the end, an
error (and nothing written) when the file has problems."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from helhed.citizens.models import StatusSpell
from helhed.imports.tests.conftest import spell_row, table_counts, write_csv
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported")]


def _call(path: Path, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "import_registry",
        str(path),
        "--kind",
        "spells",
        "--municipality",
        "615",
        "--user",
        "sagsbehandler",
        "--language",
        "en",
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_the_command_imports_and_prints_progress(caseworker: User, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [spell_row("S1", "P1", "2020-01-01")])

    out, _err = _call(path)

    assert "1 rows read, 1 validated, 1 written (100 %)" in out
    assert "Imported: 1 created, 0 changed, 0 unchanged." in out
    assert StatusSpell.objects.count() == 1


def test_the_command_prints_the_report_and_fails_writing_nothing(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [spell_row("S1", "P1", "2020-01-01"), spell_row("S2", "P1", "2020-02-01")],
    )
    before = table_counts()
    err = StringIO()

    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_registry", str(path), "--kind", "spells", "--municipality", "615",
            "--user", "sagsbehandler", "--language", "en", stdout=StringIO(), stderr=err,
        )  # fmt: skip

    assert "Row 3, column starts_on: The spell overlaps" in err.getvalue()
    assert table_counts() == before


def test_the_command_refuses_a_user_of_another_municipality(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "s.csv", [spell_row("S1", "P1", "2020-01-01")])

    with pytest.raises(CommandError, match="No user sagsbehandler in the municipality 190"):
        call_command(
            "import_registry", str(path), "--kind", "spells", "--municipality", "190",
            "--user", "sagsbehandler", "--language", "en", stdout=StringIO(),
        )  # fmt: skip


def test_the_command_refuses_a_user_who_may_not_import(
    policy_officer: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "s.csv", [spell_row("S1", "P1", "2020-01-01")])

    with pytest.raises(CommandError, match="may not import"):
        call_command(
            "import_registry", str(path), "--kind", "spells", "--municipality", "615",
            "--user", "politik", "--language", "en", stdout=StringIO(),
        )  # fmt: skip
