import pytest


@pytest.fixture(autouse=True)
def _empty_rate_limits(_fast_and_isolated):
    """Rate-limit counters start at zero: clear the cache once the test cache is in place."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
