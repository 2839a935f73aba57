# SPDX-License-Identifier: MPL-2.0
"""Display of deadlines on the worklist and the plan (formatting only, no rules)."""

from datetime import date

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helhed.caseplans.rules import RULE_SOURCES

register = template.Library()


@register.filter
def due_text(due_on: date, today: date) -> str:
    """ "Overdue by 3 days", "Due today" or "Due in 5 days"."""
    days = (due_on - today).days
    if days < 0:
        return ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", -days) % {
            "days": -days
        }
    if days == 0:
        return _("Due today")
    return ngettext("Due in %(days)d day", "Due in %(days)d days", days) % {"days": days}


@register.filter
def is_overdue(due_on: date, today: date) -> bool:
    return due_on < today


@register.filter
def rule_source(rule: str) -> str:
    """The law or policy text a rule flag cites."""
    return str(RULE_SOURCES.get(rule, ""))
