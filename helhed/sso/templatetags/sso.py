# SPDX-License-Identifier: MPL-2.0
"""The login page's single sign-on buttons: `{% load sso %}{% sso_login_buttons %}`."""

from typing import Any

from django import template

from helhed.sso.selectors import municipalities_with_sso

register = template.Library()


@register.inclusion_tag("sso/login_buttons.html", takes_context=True)
def sso_login_buttons(context: template.Context) -> dict[str, Any]:
    return {"sso_municipalities": municipalities_with_sso(), "next": context.get("next", "")}
