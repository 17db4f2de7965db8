"""Anonymous API throttling; its own module because DRF imports it while building APIView."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from tracker.security_log import client_ip


class AnonThrottle(AnonRateThrottle):
    """Read at request time, so a deployment (or a test) can set it in settings.API_ANON_RATE."""

    def get_rate(self) -> str:
        return settings.API_ANON_RATE

    def get_ident(self, request) -> str:
        # The one client address of every limit (tracker.security_log.client_ip): DRF's own
        # reading would believe the left-most X-Forwarded-For entry, which the client writes.
        return client_ip(request) or "unknown"
