# SPDX-License-Identifier: MPL-2.0
"""docs/import-templates.md documents every kind and every column the import reads."""

from pathlib import Path

import pytest

from helhed.imports.sheets import SHEETS

DOC = Path(__file__).resolve().parents[3] / "docs" / "import-templates.md"


@pytest.mark.parametrize("kind", list(SHEETS))
def test_every_column_of_the_kind_is_documented(kind: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"(`{kind}`)", 1)[1].split("\n## ", 1)[0]

    for column in SHEETS[kind].columns:
        assert f"| `{column.name}` |" in section, f"{kind}.{column.name} is not documented"
    assert ",".join(c.name for c in SHEETS[kind].columns) in section
