# SPDX-License-Identifier: MPL-2.0
"""A stand-in for a fact that the code under test declared it does not read: any use of
it fails the test (ADR 0044: the upkeep after a write recomputes only what reads the facts
that changed, so an undeclared read would leave a stale number)."""

from typing import Any, NoReturn


class PoisonedFactError(AssertionError):
    pass


class Poisoned:
    """Iterating, testing, comparing, measuring or reading any attribute of it raises."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _read(self, *_args: Any, **_kwargs: Any) -> NoReturn:
        raise PoisonedFactError(f"read {object.__getattribute__(self, '_name')}, not declared")

    __iter__ = __len__ = __bool__ = __contains__ = __getitem__ = _read
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _read

    def __getattr__(self, _attribute: str) -> NoReturn:
        self._read()
