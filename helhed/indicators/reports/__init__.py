# SPDX-License-Identifier: MPL-2.0
"""Report kinds built from the indicators, and published (frozen) reports (ADR 0030)."""
