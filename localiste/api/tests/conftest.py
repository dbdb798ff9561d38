"""Fixtures of the API tests: those of discovery (gazetteer, makers, no rate limit)."""

from localiste.discovery.tests.conftest import _no_api_rate_limit, gironde, makers  # noqa: F401
