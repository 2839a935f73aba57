# SPDX-License-Identifier: MPL-2.0
"""Every indicator the engine computes, by key of helhed/core/indicator_keys.py."""

from helhed.core.indicator_keys import BY_KEY
from helhed.indicators.definitions import (
    arrivals,
    danish_test,
    daycare,
    family,
    first_job,
    mm13,
    one_month,
    participation,
    placements,
    self_support,
)
from helhed.indicators.definitions.base import Definition

DEFINITIONS: dict[str, Definition] = {
    d.key: d
    for d in (
        self_support.DEFINITION,
        one_month.COMPANY,
        one_month.DANISH,
        arrivals.BY_SOURCE,
        arrivals.BY_EDUCATION,
        placements.DEFINITION,
        mm13.DEFINITION,
        daycare.DEFINITION,
        danish_test.DEFINITION,
        family.WHOLE_FAMILY,
        participation.VOLUNTEER,
        participation.LEISURE,
        family.PARENTAL,
        first_job.DEFINITION,
    )
}

# Every definition is of a key the policy's targets can name.
_unknown = set(DEFINITIONS) - set(BY_KEY)
if _unknown:  # pragma: no cover (a definition without a key is a programming error)
    raise ImportError(f"Indicator definitions without a key: {sorted(_unknown)}")
