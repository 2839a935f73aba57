# SPDX-License-Identifier: MPL-2.0
"""Log records are made with anything shaped like a CPR number masked.

The application never logs a CPR number itself; this catches what others log for it: a
CPR number typed into a URL appears in Django's "Not Found: /path" warning, an exception's
message may quote input. Installed as the logging module's record factory (CoreConfig),
so it holds for every logger and handler, whatever the LOGGING setting configures. Ten
digits, as DDMMYY-XXXX or DDMMYYXXXX and not part of a longer number, keep their first six
(the birth date, as the pages show it).
"""

import logging
import re
from typing import Any

CPR_LIKE = re.compile(r"(?<![0-9])([0-9]{6})-?[0-9]{4}(?![0-9])")


def mask_cpr(text: str) -> str:
    return CPR_LIKE.sub(r"\1-xxxx", text)


def _masked(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string is logging's own to report
        return record
    masked = mask_cpr(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info:
        record.exc_text = mask_cpr(logging.Formatter().formatException(record.exc_info))
        # the handler prints exc_text; the exception object itself is not printed again
    return record


def install_cpr_masking() -> None:
    """Wrap the current record factory (once) so that every record is masked."""
    current = logging.getLogRecordFactory()
    if getattr(current, "masks_cpr", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _masked(current(*args, **kwargs))

    factory.masks_cpr = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
