# SPDX-License-Identifier: MPL-2.0
"""Rules derived from registry facts: the target-group decision and self-support.

Plain functions over plain data, testable without the web layer.
"""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from helhed.citizens.countries import EU_EEA, is_western
from helhed.citizens.models import SELF_SUPPORTING_KINDS, ArrivalSource, StatusSpell


def target_group_decision(*, source: str, country_of_origin: str) -> tuple[bool, str]:
    """Is the person in the policy's target group, and why.

    The target group is refugees, immigrants and family-reunified and their descendants;
    labour migrants from EU/EEA and other Western countries are outside it as a rule
    (the Horsens policy, section 2a, and integrationsloven § 2).
    """
    if source == ArrivalSource.LABOUR_MIGRANT and (
        country_of_origin in EU_EEA or is_western(country_of_origin)
    ):
        return False, _("Labour migrant from an EU/EEA or other Western country.")
    return True, str(ArrivalSource(source).label)


def is_self_supporting(spells: Iterable[StatusSpell], on: date) -> bool | None:
    """In work or education, not on a public benefit, on `on` (None: no spell covers it)."""
    covering = [s for s in spells if s.covers(on)]
    if not covering:
        return None
    return all(s.kind in SELF_SUPPORTING_KINDS for s in covering)
