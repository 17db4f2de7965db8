"""Production settings, plus the bench-only URLconf that adds the bare "ceiling" view."""

from tracker.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The bench's test client speaks to the same database as the served app.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
