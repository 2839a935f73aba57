# SPDX-License-Identifier: MPL-2.0
"""What every page's template gets besides Django's own context."""

from django.http import HttpRequest

from helhed.core.log_masking import mask_cpr


def page_path(request: HttpRequest) -> dict[str, str]:
    """The page's own path, for the language switcher to come back to. No page of Helhed
    has a CPR number in its URL; one typed into the address bar is not echoed back (the
    404 page would otherwise repeat it)."""
    return {"page_path": mask_cpr(request.get_full_path())}
