"""Production settings, plus the bench-only URLconf that adds the bare "ceiling" view."""

from tracker.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The bench's test client speaks to the same database as the served app.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
# The load comes from one address; the anonymous API throttle would answer it with 429s.
API_ANON_RATE = "1000000/second"
