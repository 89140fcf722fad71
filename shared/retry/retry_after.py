"""``Retry-After`` (RFC 9110, section 10.2.3): how long the other side asks us to wait, in seconds.

The header is either delay-seconds (``120``) or an HTTP-date (``Wed, 21 Oct 2015 07:28:00 GMT``).
Every adapter reads it here, with the wall clock passed in, so both forms mean the same everywhere.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# ASCII digits only (str.isdigit also accepts "²", which float() refuses); a fraction is tolerated.
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, ``now`` being the wall clock (Unix seconds).

    None when the header is absent or unreadable (the caller backs off as usual); 0.0 for a date
    already past. Never raises.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _SECONDS.fullmatch(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000": the zone is unknown; HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    try:
        return max(0.0, (when - datetime.fromtimestamp(now, UTC)).total_seconds())
    except (OverflowError, ValueError, OSError):
        return None
