# SPDX-License-Identifier: MPL-2.0
"""The one registry of indicator keys a policy's targets can bind to.

The indicators app computes each key from the registry; the policy only names it. The
key, its label and its natural unit live here so that the policy model, forms and
the demo content agree on them without depending on the indicators app.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class IndicatorKey:
    key: str
    label: Promise
    unit: str


INDICATOR_KEYS: tuple[IndicatorKey, ...] = (
    IndicatorKey(
        "self_support_after_one_year",
        _("Share self-supporting after more than one year in the programme"),
        "percent",
    ),
    IndicatorKey(
        "company_intervention_within_one_month",
        _("Share who started a company-based intervention within one month"),
        "percent",
    ),
    IndicatorKey(
        "danish_referral_within_one_month",
        _("Share referred to Danish education within one month"),
        "percent",
    ),
    IndicatorKey("arrivals_by_source", _("Arrivals by type per year"), "persons"),
    IndicatorKey("education_level_of_arrivals", _("Education level of arrivals"), "persons"),
    IndicatorKey(
        "permanent_placements_by_locality",
        _("Permanent housing placements by locality"),
        "persons",
    ),
    IndicatorKey("danish_test_passed", _("Share passing a Danish test"), "percent"),
    IndicatorKey("children_in_daycare", _("Share of children aged 1-5 in daycare"), "percent"),
    IndicatorKey(
        "leisure_association_participation",
        _("Share taking part in a leisure association"),
        "percent",
    ),
    IndicatorKey(
        "whole_family_plan_coverage",
        _("Share of families whose plan covers every member"),
        "percent",
    ),
    IndicatorKey(
        "volunteer_mentor_or_friendship_family",
        _("Share with a volunteer mentor or friendship family"),
        "percent",
    ),
    IndicatorKey(
        "parental_involvement",
        _("Share of parents taking part in daycare and school parent meetings"),
        "percent",
    ),
    IndicatorKey("median_days_to_first_job", _("Median time to first ordinary job"), "days"),
    IndicatorKey(
        "mm13_unsubsidised_employment",
        _("Refugees and family-reunified aged 18-66 in unsubsidised employment (MM13)"),
        "percent",
    ),
)

BY_KEY = {k.key: k for k in INDICATOR_KEYS}


def indicator_key_choices() -> list[tuple[str, Promise]]:
    return [(k.key, k.label) for k in INDICATOR_KEYS]
