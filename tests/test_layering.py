# SPDX-License-Identifier: MPL-2.0
"""Imports between apps go one way, down the data flow (DESIGN.md, STYLE.md).

core knows no other app; organisations builds on core; policies on both; the demo
may use anything. A new app must be given its place here before it can import.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

HELHED = Path(__file__).resolve().parent.parent / "helhed"
EVERYTHING = None

# What each app may import besides itself (None: anything).
ALLOWED: dict[str, frozenset[str] | None] = {
    "core": frozenset(),
    "organisations": frozenset({"core"}),
    "policies": frozenset({"core", "organisations"}),
    # audit records who used personal data; it knows users, nothing of the registry
    "audit": frozenset({"core", "organisations"}),
    # the registry builds on the policy (its target group) and writes audit events
    "citizens": frozenset({"core", "organisations", "policies", "audit"}),
    # the holistic plan builds on the registry
    "caseplans": frozenset({"core", "organisations", "policies", "audit", "citizens"}),
    # the API is an interface to the registry (and, with caseplans, to the plans)
    "api": frozenset({"core", "organisations", "policies", "audit", "citizens", "caseplans"}),
    # imports and exports write and read the registry through its access layer and rules
    "imports": frozenset({"core", "organisations", "policies", "audit", "citizens", "caseplans"}),
    # single sign-on provisions users of the organisation
    "sso": frozenset({"core", "organisations"}),
    # retention deletes what is past its time: the registry, the plans and audit events,
    # and erases hearing respondents' personal data (ADR 0035)
    "retention": frozenset({"core", "organisations", "audit", "citizens", "caseplans", "hearings"}),
    # backups and the fingerprint of what a restore must give back (the registry, the
    # plans, the audit events and, later, the indicators)
    "operations": frozenset(
        {"core", "organisations", "audit", "citizens", "caseplans", "retention"}
    ),
    # the data protection officer's audit log and access requests read all of the above
    # the data protection officer's page shows retention's rules and places its holds
    "privacy": frozenset(
        {"core", "organisations", "policies", "audit", "citizens", "caseplans", "retention"}
    ),
    # the indicators read the registry and the plans (never write them) and the policy's
    # targets they are measured against
    "indicators": frozenset(
        {"core", "organisations", "policies", "audit", "citizens", "caseplans", "reports"}
    ),
    # documents and their renderings (HTML, PDF, DOCX, XLSX): plain data in, files out;
    # the apps that make reports, memos and agenda items build on it
    "reports": frozenset({"core"}),
    # governance: committees, meetings, agenda items and the process plan of a policy;
    # the city council's adoption moves the policy through its own service; an item's
    # generated bilag are the hearing memo and the follow-up report (gov-attach, ADR 0034)
    "governance": frozenset(
        {"core", "organisations", "policies", "audit", "reports", "hearings", "indicators"}
    ),
    # the public hearing builds on the policy (its versions and their comparison) and
    # renders its memo with the reports core
    "hearings": frozenset({"core", "organisations", "policies", "reports"}),
    "demo": EVERYTHING,
}
EXCLUDED_DIRS = frozenset({"tests", "migrations"})


def _apps() -> list[str]:
    return sorted(p.parent.name for p in HELHED.glob("*/__init__.py"))


def _sources(app: str) -> list[Path]:
    root = HELHED / app
    return sorted(
        p for p in root.rglob("*.py") if not EXCLUDED_DIRS & set(p.relative_to(root).parts)
    )


def _module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(HELHED.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_apps(source: str, *, module: list[str], is_package: bool = False) -> Iterator[str]:
    """The helhed apps that `source` (the module named by `module`) imports."""
    package = module if is_package else module[:-1]
    for node in ast.walk(ast.parse(source)):
        targets: list[list[str]] = []
        if isinstance(node, ast.Import):
            targets = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # a relative import starts from this package, one level up per extra dot
            base = package[: len(package) - node.level + 1] if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            # `from helhed import policies` imports the app named after `import`
            targets = (
                [[*target, alias.name] for alias in node.names]
                if target == ["helhed"]
                else [target]
            )
        for target in targets:
            if len(target) >= 2 and target[0] == "helhed":
                yield target[1]


def _forbidden_imports(app: str) -> list[str]:
    allowed = ALLOWED[app]
    if allowed is None:
        return []
    found = []
    for path in _sources(app):
        module = _module_of(path)
        source = path.read_text(encoding="utf-8")
        for target in imported_apps(source, module=module, is_package=path.name == "__init__.py"):
            if target != app and target not in allowed:
                found.append(f"{path.relative_to(HELHED.parent)} imports helhed.{target}")
    return found


def test_every_app_has_a_place_in_the_layers() -> None:
    apps = set(_apps())
    assert {"core", "organisations", "policies"} <= apps
    assert apps <= set(ALLOWED), f"Give these apps a place in ALLOWED: {apps - set(ALLOWED)}"


@pytest.mark.parametrize("app", [a for a in ALLOWED if ALLOWED[a] is not None])
def test_app_imports_only_the_apps_below_it(app: str) -> None:
    assert _sources(app), f"no sources found for helhed.{app}"

    assert _forbidden_imports(app) == []


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import helhed.policies.models", "helhed.core.models", ["policies"]),
        ("from helhed.policies.models import Policy", "helhed.core.x", ["policies"]),
        ("from helhed import policies, core", "helhed.core.x", ["policies", "core"]),
        ("from ..policies import services", "helhed.organisations.x", ["policies"]),
        ("from .models import BaseModel", "helhed.core.forms", ["core"]),
        ("from .. import policies", "helhed.core.forms", ["policies"]),
        ("def f():\n    from helhed.demo import loader", "helhed.core.x", ["demo"]),
        ("import django.db\nfrom config.settings import base", "helhed.core.x", []),
    ],
)
def test_the_check_reads_every_form_of_import(
    source: str, module: str, expected: list[str]
) -> None:
    assert list(imported_apps(source, module=module.split("."))) == expected
