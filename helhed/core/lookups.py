# SPDX-License-Identifier: MPL-2.0
"""`field__in_values=[...]`: `__in` for long lists of plain values (ids, external ids).

Django's `__in` prepares every value as a possible expression (three attribute checks
and a compile step per value); an import's look-ups and the derived parts' reads after it
pass thousands of ids per query, and that preparation was a tenth of an import's time.
This lookup takes plain values only (no expressions, no querysets), converts each with
the field's own `get_db_prep_value` and binds them: the same SQL and the same rows as
`__in` (None dropped, duplicates dropped, an empty list matches nothing).
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import CharField, Lookup, TextField, UUIDField
from django.db.models.fields.related import ForeignObject


class InValues(Lookup[Any]):
    lookup_name = "in_values"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return list(dict.fromkeys(v for v in self.rhs if v is not None))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        target = field.target_field if isinstance(field, ForeignObject) else field
        prep = target.get_db_prep_value
        params = [prep(value, connection, prepared=False) for value in self.rhs]
        return f"{lhs} IN ({', '.join(['%s'] * len(params))})", [*lhs_params, *params]


def register() -> None:
    for field in (CharField, TextField, UUIDField, ForeignObject):
        field.register_lookup(InValues)
