# SPDX-License-Identifier: MPL-2.0
"""Telling the parts built on the registry that a person's facts changed.

The registry's services call `persons_changed` inside their transaction, after the write.
Apps above the registry (the holistic plan keeps its rule flags current this way) register
a listener when they start. The registry knows nothing of them: imports go one way.
"""

import uuid
from collections.abc import Callable, Iterable

# What of a person can change, by the table that holds it (the person's own row is read
# whatever changed): a write that changed only some of these says which, and a listener
# recomputes only what reads them (docs/adr/0044-change-aware-upkeep.md). None: anything
# may have changed (a person, a household, a relation, a deletion).
FACTS = frozenset(
    {"arrivals", "spells", "programmes", "danish", "placements", "interventions", "children"}
)
Changed = frozenset[str] | None

Listener = Callable[[list[uuid.UUID], Changed], None]

_listeners: list[Listener] = []
_deletion_listeners: list[Callable[[list[uuid.UUID]], None]] = []


def listen(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def persons_changed(person_ids: Iterable[uuid.UUID], changed: Changed = None) -> None:
    """Run every listener for these persons, in the caller's transaction; `changed`: the
    facts (of FACTS) that are all that changed, or None for anything."""
    if changed is not None and not changed <= FACTS:
        raise ValueError(f"Unknown facts: {sorted(changed - FACTS)}")
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return
    for listener in _listeners:
        listener(ids, changed)


def listen_to_deletions(listener: Callable[[list[uuid.UUID]], None]) -> None:
    if listener not in _deletion_listeners:
        _deletion_listeners.append(listener)


def municipalities_lost_rows(municipality_ids: Iterable[uuid.UUID]) -> None:
    """Tell the listeners, in the caller's transaction, that rows of these municipalities'
    registry were deleted with their persons (retention), beyond what `persons_changed`
    can tell of persons that can no longer be read: their interventions, say, whose
    municipality a listener would otherwise read from the person."""
    ids = list(dict.fromkeys(municipality_ids))
    if not ids:
        return
    for listener in _deletion_listeners:
        listener(ids)
