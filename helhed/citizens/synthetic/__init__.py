# SPDX-License-Identifier: MPL-2.0
"""A calibrated synthetic registry for one municipality or all 98, deterministic for a seed.

What is generated, which numbers are sourced and which are chosen is told in
docs/synthetic-registry.md. The package, by purpose:

- data.py, names.py: the numbers and names (sourced ones with their source);
- specs.py: each municipality's flows, localities and neighbours (Horsens and Furesø
  their own, the other 96 derived from the national numbers by population);
- builder.py, careers.py, cprs.py, drafts.py: building a registry in memory with one
  `random.Random` per (municipality, seed), no global random and no clock;
- writer.py: writing it with plain multi-row inserts;
- generation.py: `generate_registry` (idempotent: a municipality that already has persons
  is left untouched) and `municipalities_ensure` for the national registry.
"""

from helhed.citizens.synthetic.benefits import (
    benefit_name_on,
    named_benefit_spells,
    share_on,
)
from helhed.citizens.synthetic.data import (
    AS_OF,
    INTEGRATIONSYDELSE,
    KONTANTHJAELP,
    NATIONAL_VISITED,
    SHO_YDELSE,
)
from helhed.citizens.synthetic.errors import SyntheticRegistryError
from helhed.citizens.synthetic.generation import (
    DEFAULT_SEED,
    Summary,
    generate_registry,
    municipalities_ensure,
)
from helhed.citizens.synthetic.specs import DEMO_SPECS, national_specs, spec_for

__all__ = [
    "AS_OF",
    "DEFAULT_SEED",
    "DEMO_SPECS",
    "INTEGRATIONSYDELSE",
    "KONTANTHJAELP",
    "NATIONAL_VISITED",
    "SHO_YDELSE",
    "Summary",
    "SyntheticRegistryError",
    "benefit_name_on",
    "generate_registry",
    "municipalities_ensure",
    "named_benefit_spells",
    "national_specs",
    "share_on",
    "spec_for",
]
