"""How many API requests an anonymous client may make (settings.API_ANON_RATE)."""

import threading

from django.conf import settings
from ninja.throttling import AnonRateThrottle

from localiste.metrics.limits import rate_limit_consume

DEFAULT_RATE = "120/m"


class AnonymousRateThrottle(AnonRateThrottle):
    """Ninja's anonymous throttle (per client address), its rate read from the settings at each
    request so that operators and tests can change it.

    Ninja keeps each client's history in the cache with a read followed by a write, which
    parallel requests to several workers overtake; here each request is counted by one atomic
    operation (metrics.limits), in a window that opens at the client's first request.
    """

    def __init__(self):
        super().__init__(rate=DEFAULT_RATE)
        # One throttle serves every request of the process: what `wait` reports is per thread.
        self._last = threading.local()

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, "API_ANON_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if getattr(request, "auth", None) is not None:
            return True  # only anonymous clients are throttled
        hit = rate_limit_consume(
            scope="api-anon",
            key=self.get_ident(request) or "",
            limit=self.num_requests,
            window_seconds=self.duration,
        )
        self._last.retry_after = hit.retry_after
        return hit.allowed

    def wait(self) -> float | None:
        """Seconds until the client's window closes (Retry-After)."""
        return getattr(self._last, "retry_after", None)
