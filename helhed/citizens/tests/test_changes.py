# SPDX-License-Identifier: MPL-2.0
"""The registry's change hook tells its listeners what changed (ADR 0044)."""

import uuid

import pytest

from helhed.citizens import changes


def test_listeners_hear_which_facts_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[tuple[list[uuid.UUID], changes.Changed]] = []
    monkeypatch.setattr(changes, "_listeners", [lambda ids, changed: heard.append((ids, changed))])
    one, two = uuid.uuid4(), uuid.uuid4()
    changes.persons_changed([one, two, one], frozenset({"spells"}))
    changes.persons_changed([two])
    changes.persons_changed([])  # nobody: nobody is told
    assert heard == [([one, two], frozenset({"spells"})), ([two], None)]


def test_an_unknown_fact_is_refused_before_any_listener_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heard: list[object] = []
    monkeypatch.setattr(changes, "_listeners", [lambda ids, changed: heard.append(ids)])
    with pytest.raises(ValueError, match="salary"):
        changes.persons_changed([uuid.uuid4()], frozenset({"spells", "salary"}))
    assert heard == []
