# SPDX-License-Identifier: MPL-2.0
"""Hearing times are entered and shown in Danish time, whatever the active time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

DANISH = ZoneInfo("Europe/Copenhagen")


def in_danish_time(moment: datetime) -> datetime:
    return moment.astimezone(DANISH)
