"""Fixed-window counters in the shared cache, for forms anyone may post (the subscribe form).

Counting in the cache (Redis in production) means every web process shares one count.
With the cache unreachable a request is allowed (and logged): a subscription form must
not go down with Redis.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def hit(scope: str, subject: str, *, limit: int, seconds: int) -> bool:
    """Count one use of `scope` by `subject` (an address, an email); False once past `limit`."""
    # Hashed: email addresses and IPs are personal data and need not sit in Redis readable.
    key = "rate:" + scope + ":" + hashlib.sha256(subject.lower().encode()).hexdigest()
    try:
        cache.add(key, 0, seconds)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first use of a new window
        cache.set(key, 1, seconds)
        count = 1
    except Exception:
        log.warning("rate limit: cache unavailable, %s allowed", scope, exc_info=True)
        return True
    return count <= limit
