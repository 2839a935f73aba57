# SPDX-License-Identifier: MPL-2.0
"""Linked tables protected together with every version shown before them (ADR 0048, 0049).

A revision of a published report, a later publication of the same tables, or a live page
(ADR 0050) is read beside the versions before it. The attacker then knows every version's
published cells and relations, and can be told (by the reason of a revision, or by
comparing) which cells did not change: a cell with the same key and the same true count in
two versions is one unknown, ``("=", n, *key)``, however far apart the versions are.
Protecting the new version on its own can then give an old hidden count away: a cell
hidden in an old version and published, unchanged, in the new one fills in the old
version's equations.

``protect_after(tables, relations, previous)`` protects the new version inside that joint
system:

- an unchanged cell keeps the decision of the earlier versions: hidden if it was hidden,
  published if it was published (it is known, so it protects nothing by being hidden);
- every other cell of the new version may be hidden to protect, and is only when needed;
- every count of 1-4 of any version must be able to be 5 or more in some whole-number
  set of tables agreeing with everything every version publishes (ADR 0022's criterion),
  except the counts the earlier versions already give away together (kept before ADR
  0049): nothing hidden now can take those back, so they are logged, not held against it.

If a count could be worked out whatever the new version hides, the new version cannot be
published: ``UnprotectableError`` names the cell. What is stored for the versions after is
a ``Released``: the true counts, which of them were hidden and the relations. It holds
small counts and is for the protection only: it is never shown to anyone.
"""

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from helhed.indicators.disclosure.tables import (
    SMALLEST_PUBLISHED,
    DisclosureError,
    Key,
    ProtectedTable,
    Reason,
    Relation,
    Table,
    UnprotectableError,
    _every_relation,
    _exposed,
    _protected_tables,
    _reasons_of,
    _suppress,
    _validate,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Released:
    """What one version published of linked tables: every cell's true count, the cells it
    hid, and the relations between them."""

    values: Mapping[Key, int]
    hidden: frozenset[Key]
    relations: tuple[Relation, ...]

    def to_data(self) -> dict[str, Any]:
        return {
            "values": [[list(k), v] for k, v in sorted(self.values.items())],
            "hidden": sorted(list(k) for k in self.hidden),
            "relations": [[list(r.total), [list(p) for p in r.parts]] for r in self.relations],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "Released":
        """The stored form back; DisclosureError if it is not a protected set of tables."""
        try:
            values = {tuple(k): v for k, v in data["values"]}
            hidden = frozenset(tuple(k) for k in data["hidden"])
            relations = tuple(
                Relation(tuple(total), tuple(tuple(p) for p in parts))
                for total, parts in data["relations"]
            )
        except (KeyError, TypeError, ValueError) as error:
            raise DisclosureError(_("The stored disclosure control is not readable.")) from error
        released = cls(values, hidden, relations)
        released._check()
        return released

    @property
    def fingerprint(self) -> str:
        return _fingerprint(self.values, self.relations)

    def _check(self) -> None:
        _validate([Table("released", dict(self.values))], self.relations)
        unknown = sorted(self.hidden - set(self.values))
        small = sorted(
            k for k, v in self.values.items() if 0 < v < SMALLEST_PUBLISHED and k not in self.hidden
        )
        if unknown or small:
            raise DisclosureError(
                _("The stored disclosure control does not match its counts: %(key)s.")
                % {"key": "/".join((unknown or small)[0])}
            )


def _unknown(key: Key, value: int) -> Key:
    """The attacker's unknown for a cell: one per key and true count, so that every
    version in which the cell has the same count shares it (it may be told so)."""
    return ("=", str(value), *key)


def _relations_of(values: Mapping[Key, int], relations: Sequence[Relation]) -> set[Relation]:
    return {
        Relation(_unknown(r.total, values[r.total]), tuple(_unknown(p, values[p]) for p in r.parts))
        for r in relations
    }


def joint_system(
    values: Mapping[Key, int],
    relations: Sequence[Relation],
    previous: Sequence[Released],
) -> tuple[dict[Key, int], list[Relation]]:
    """Every version as one system of unknowns: the joint counts and the joint relations."""
    joint: dict[Key, int] = {}
    every: set[Relation] = set()
    for version_values, version_relations in [
        *((p.values, p.relations) for p in previous),
        (values, relations),
    ]:
        joint.update({_unknown(k, v): v for k, v in version_values.items()})
        every |= _relations_of(version_values, version_relations)
    return joint, sorted(every, key=lambda r: (r.total, r.parts))


def _revealed_before(earlier: Sequence[Released], fixed_hidden: AbstractSet[Key]) -> set[Key]:
    """The counts under 5 that the earlier versions already give away together (joint
    unknowns): possible only for versions kept before every version was protected against
    every other (ADR 0048's pairs, separate years)."""
    joint, relations = joint_system(earlier[-1].values, earlier[-1].relations, earlier[:-1])
    primary = [k for k, v in joint.items() if 0 < v < SMALLEST_PUBLISHED]
    return set(_exposed(joint, relations, set(fixed_hidden), primary))


def _despite_lost(
    joint: Mapping[Key, int],
    joint_relations: Sequence[Relation],
    earlier: Sequence[Released],
    fixed_hidden: AbstractSet[Key],
    fixed_published: AbstractSet[Key],
    error: UnprotectableError,
) -> dict[Key, Reason]:
    """The protection again when it failed, leaving out the counts the earlier versions
    already give away together (kept before every version was protected against every
    other, ADR 0049): nothing hidden now can take those back, so they are not held against
    this version; the staff's log says how many (no key, no number). If the failure was
    not theirs, it is raised, naming the cell as the caller knows it."""
    lost = _revealed_before(earlier, fixed_hidden)
    if not lost:
        raise UnprotectableError(error.key[2:]) from error
    logger.warning(
        "Earlier versions of these tables together reveal %d counts under %d",
        len(lost),
        SMALLEST_PUBLISHED,
    )
    try:
        return _suppress(
            joint,
            joint_relations,
            fixed_hidden=fixed_hidden,
            fixed_published=fixed_published,
            lost=lost,
        )
    except UnprotectableError as again:
        raise UnprotectableError(again.key[2:]) from again


def protect_after(
    tables: Sequence[Table],
    relations: Sequence[Relation] = (),
    previous: Released | Sequence[Released] | None = None,
) -> tuple[list[ProtectedTable], Released]:
    """Protect linked tables as ``protect_linked`` does, and jointly with every version
    published before (``previous``; None or empty: protected on their own). Returns the
    protected tables and what to keep for the versions after. Raises DisclosureError on bad
    input and UnprotectableError when no choice of hidden cells protects every count."""
    values = _validate(tables, relations)
    every = _every_relation(tables, relations)
    earlier = [previous] if isinstance(previous, Released) else list(previous or ())
    if not earlier:
        reasons = _suppress(values, every)
        hidden_now = frozenset(reasons)
    else:
        joint, joint_relations = joint_system(values, every, earlier)
        fixed_published = {
            _unknown(k, v) for p in earlier for k, v in p.values.items() if k not in p.hidden
        }
        fixed_hidden = {
            _unknown(k, v) for p in earlier for k, v in p.values.items() if k in p.hidden
        } - fixed_published
        try:
            joint_reasons = _suppress(
                joint, joint_relations, fixed_hidden=fixed_hidden, fixed_published=fixed_published
            )
        except UnprotectableError as error:
            joint_reasons = _despite_lost(
                joint, joint_relations, earlier, fixed_hidden, fixed_published, error
            )
        hidden_now = frozenset(k for k, v in values.items() if _unknown(k, v) in joint_reasons)
        reasons = _reasons_of(values, hidden_now)
    return _protected_tables(tables, reasons), Released(dict(values), hidden_now, tuple(every))


def _fingerprint(values: Mapping[Key, int], relations: Sequence[Relation]) -> str:
    """sha256 of the counts and relations, in a canonical form: equal for equal tables."""
    data = {
        "values": sorted([list(k), v] for k, v in values.items()),
        "relations": sorted([list(r.total), sorted(list(p) for p in r.parts)] for r in relations),
    }
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(tables: Sequence[Table], relations: Sequence[Relation] = ()) -> str:
    """The fingerprint of linked tables' counts, as ``Released.fingerprint`` of what
    protecting them keeps (DisclosureError on bad input)."""
    values = _validate(tables, relations)
    return _fingerprint(values, _every_relation(tables, relations))


def protected_as(
    tables: Sequence[Table], relations: Sequence[Relation], kept: Released
) -> list[ProtectedTable]:
    """The tables protected as ``kept`` decided: for the very counts it kept (showing them
    again adds nothing to what was shown). DisclosureError if they are other counts."""
    values = _validate(tables, relations)
    every = _every_relation(tables, relations)
    if _fingerprint(values, every) != kept.fingerprint:
        raise DisclosureError(_("The tables are not the ones the kept decision was made for."))
    return _protected_tables(tables, _reasons_of(values, kept.hidden))
