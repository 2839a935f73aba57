# SPDX-License-Identifier: MPL-2.0
"""An attacker written independently of the library's linear programme: a search over
whole numbers with interval propagation. Given what a protected table publishes (the
visible cells and the additive relations), it looks for a complete table, in whole
non-negative counts, that agrees with everything published and puts a chosen hidden cell
at a chosen value or above. Finding one proves the attacker cannot rule that value out."""

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

from helhed.indicators.disclosure import Key, ProtectedTable, Relation


def published(tables: Sequence[ProtectedTable]) -> tuple[dict[Key, int], set[Key]]:
    visible: dict[Key, int] = {}
    hidden: set[Key] = set()
    for table in tables:
        for key, cell in table.cells.items():
            if cell.value is None:
                hidden.add(key)
            else:
                visible[key] = cell.value
    return visible, hidden


def _propagate(
    domains: dict[Key, tuple[int, int]], relations: Sequence[Relation]
) -> dict[Key, tuple[int, int]] | None:
    """Narrow every domain with total = sum(parts) until nothing changes; None if empty."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            parts = relation.parts
            lo_sum = sum(domains[p][0] for p in parts)
            hi_sum = sum(domains[p][1] for p in parts)
            t_lo, t_hi = domains[relation.total]
            new_t = (max(t_lo, lo_sum), min(t_hi, hi_sum))
            if new_t != (t_lo, t_hi):
                domains[relation.total] = new_t
                changed = True
            t_lo, t_hi = new_t
            if t_lo > t_hi:
                return None
            for p in parts:
                p_lo, p_hi = domains[p]
                others_lo = lo_sum - p_lo
                others_hi = hi_sum - p_hi
                new_p = (max(p_lo, t_lo - others_hi), min(p_hi, t_hi - others_lo))
                if new_p[0] > new_p[1]:
                    return None
                if new_p != (p_lo, p_hi):
                    domains[p] = new_p
                    lo_sum += new_p[0] - p_lo
                    hi_sum += new_p[1] - p_hi
                    changed = True
    return domains


def _search(domains: dict[Key, tuple[int, int]], relations: Sequence[Relation]) -> bool:
    narrowed = _propagate(dict(domains), relations)
    if narrowed is None:
        return False
    open_keys = sorted(k for k, (lo, hi) in narrowed.items() if lo != hi)
    if not open_keys:
        return True
    key = min(open_keys, key=lambda k: narrowed[k][1] - narrowed[k][0])
    lo, hi = narrowed[key]
    middle = (lo + hi) // 2
    for part in ((lo, middle), (middle + 1, hi)):
        trial = dict(narrowed)
        trial[key] = part
        if _search(trial, relations):
            return True
    return False


def can_be_at_least(
    visible: Mapping[Key, int],
    hidden: set[Key],
    relations: Sequence[Relation],
    target: Key,
    value: int,
    ceiling: int,
) -> bool:
    """Is there a whole-number table, each hidden cell in [0, ceiling], agreeing with every
    published cell and relation, with ``target`` >= ``value``?"""
    domains: dict[Key, tuple[int, int]] = {k: (v, v) for k, v in visible.items()}
    for key in hidden:
        domains[key] = (0, ceiling)
    domains[target] = (value, ceiling)
    return _search(domains, relations)


def can_be_exactly(
    visible: Mapping[Key, int],
    hidden: set[Key],
    relations: Sequence[Relation],
    target: Key,
    value: int,
    ceiling: int,
) -> bool:
    domains: dict[Key, tuple[int, int]] = {k: (v, v) for k, v in visible.items()}
    for key in hidden:
        domains[key] = (0, ceiling)
    domains[target] = (value, value)
    return _search(domains, relations)


Held = tuple[Mapping[Key, int], AbstractSet[Key], Sequence[Relation]]
"""One published version as the attacker holds it: every cell's true count, the cells it
hid, and its relations."""


def revealed_among(versions: Sequence[Held], smallest: int) -> list[Key]:
    """The counts under ``smallest`` (not 0) of any version that the attacker shows to be
    under ``smallest`` from all the versions together, knowing every cell whose count is the
    same in two versions: such cells are one unknown ``("count", n, *key)``."""
    visible: dict[Key, int] = {}
    hidden: set[Key] = set()
    relations: list[Relation] = []
    truth: dict[Key, int] = {}
    for values, hid, held_relations in versions:

        def name(key: Key, values: Mapping[Key, int] = values) -> Key:
            return ("count", str(values[key]), *key)

        truth.update({name(k): v for k, v in values.items()})
        visible.update({name(k): v for k, v in values.items() if k not in hid})
        hidden.update(name(k) for k in hid)
        relations.extend(
            Relation(name(r.total), tuple(name(p) for p in r.parts)) for r in held_relations
        )
    hidden -= set(visible)  # a cell both published and hidden is known
    ceiling = max(truth.values(), default=0) + 2 * smallest
    return [
        k
        for k in sorted(truth)
        if 0 < truth[k] < smallest
        and (k in visible or not can_be_at_least(visible, hidden, relations, k, smallest, ceiling))
    ]
