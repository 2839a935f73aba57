# SPDX-License-Identifier: MPL-2.0
"""`manage.py demo_logins`: the demo logins as a Markdown table (the README carries the same)."""

from typing import Any

from django.core.management.base import BaseCommand

from helhed.demo.content import DEMO_LOGINS, DEMO_TOTP_KEY
from helhed.organisations.totp import totp_key_base32

HEADER = ("username", "role", "municipality", "password", "second factor")


def logins_table() -> str:
    """The demo logins as a Markdown table, columns padded so it also reads in a terminal."""
    rows = [HEADER] + [
        (login.username, login.role, login.municipality, login.password, login.second_factor)
        for login in DEMO_LOGINS
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]

    def line(cells: tuple[str, ...] | list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    ruler = line(["-" * w for w in widths])
    return "\n".join([line(rows[0]), ruler, *(line(r) for r in rows[1:])])


class Command(BaseCommand):
    help = "Print the demo logins (username, role, municipality, password, second factor)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(logins_table())
        self.stdout.write(
            "\nThe users with second factor 'totp' also enter a code from an authenticator app.\n"
            "Every demo user has the same published TOTP key; add it to any authenticator\n"
            f"(time-based, 6 digits, 30 seconds): {totp_key_base32(DEMO_TOTP_KEY)}"
        )
