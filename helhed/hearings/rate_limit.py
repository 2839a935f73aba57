# SPDX-License-Identifier: MPL-2.0
"""At most HELHED_HEARING_RESPONSES_PER_HOUR responses an hour from one client address.

The count lives in the cache (one window of an hour from the first response). The
address is REMOTE_ADDR: behind a reverse proxy, the proxy must set it to the client's
address (as django-axes needs too).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60 * 60
DEFAULT_PER_HOUR = 5


def per_hour() -> int:
    return int(getattr(settings, "HELHED_HEARING_RESPONSES_PER_HOUR", DEFAULT_PER_HOUR))


def _key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return "hearing-responses:" + hashlib.sha256(address.encode()).hexdigest()


def limit_reached(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= per_hour()


def count_response(request: HttpRequest) -> None:
    key = _key(request)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
