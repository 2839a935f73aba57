# SPDX-License-Identifier: MPL-2.0
"""The kinds of import file, one module each. A new kind is one new module registered here
(interventions: the holistic plan's)."""

from helhed.imports.sheets.arrivals import ArrivalSheet
from helhed.imports.sheets.base import Sheet
from helhed.imports.sheets.danish import DanishSheet
from helhed.imports.sheets.enrolments import EnrolmentSheet
from helhed.imports.sheets.interventions import InterventionSheet
from helhed.imports.sheets.persons import PersonSheet
from helhed.imports.sheets.placements import PlacementSheet
from helhed.imports.sheets.spells import SpellSheet

SHEETS: dict[str, Sheet] = {}


def register(sheet: Sheet) -> Sheet:
    if sheet.kind in SHEETS:
        raise ValueError(f"Two sheets of kind {sheet.kind}")
    SHEETS[sheet.kind] = sheet
    return sheet


for _sheet in (
    PersonSheet(),
    ArrivalSheet(),
    PlacementSheet(),
    EnrolmentSheet(),
    DanishSheet(),
    SpellSheet(),
    InterventionSheet(),
):
    register(_sheet)
