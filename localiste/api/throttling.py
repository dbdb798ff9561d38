"""How many API requests an anonymous client may make (settings.API_ANON_RATE)."""

from django.conf import settings
from ninja.throttling import AnonRateThrottle

DEFAULT_RATE = "120/m"


class AnonymousRateThrottle(AnonRateThrottle):
    """Ninja's anonymous throttle (cache-backed, per client address), its rate read from the
    settings at each request so that operators and tests can change it."""

    def __init__(self):
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, "API_ANON_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
