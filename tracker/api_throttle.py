"""Anonymous API throttling; its own module because DRF imports it while building APIView."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonThrottle(AnonRateThrottle):
    """Read at request time, so a deployment (or a test) can set it in settings.API_ANON_RATE."""

    def get_rate(self) -> str:
        return settings.API_ANON_RATE
