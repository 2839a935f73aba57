# SPDX-License-Identifier: MPL-2.0
"""The one error the synthetic registry raises."""


class SyntheticRegistryError(Exception):
    """The registry cannot be generated (no spec, no jobcenter, inconsistent numbers)."""
