# SPDX-License-Identifier: MPL-2.0
"""Telling the parts built on the registry that a person's facts changed.

The registry's services call `persons_changed` inside their transaction, after the write.
Apps above the registry (the holistic plan keeps its rule flags current this way) register
a listener when they start. The registry knows nothing of them: imports go one way.
"""

import uuid
from collections.abc import Callable, Iterable

Listener = Callable[[list[uuid.UUID]], None]

_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def persons_changed(person_ids: Iterable[uuid.UUID]) -> None:
    """Run every listener for these persons, in the caller's transaction."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return
    for listener in _listeners:
        listener(ids)
