"""The Content-Security-Policy lets the operator's logo through, and nothing more."""

from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from localiste.core.middleware import ContentSecurityPolicyMiddleware


def img_src(**settings):
    with override_settings(**settings):
        middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    policy = middleware(RequestFactory().get("/"))["Content-Security-Policy"]
    return next(part for part in policy.split("; ") if part.startswith("img-src")).split()[1:]


def test_a_logo_on_another_host_is_allowed_by_its_origin_only():
    sources = img_src(SITE_LOGO_URL="https://cdn.example.org:8443/brand/logo.svg?v=2")
    assert "https://cdn.example.org:8443" in sources
    assert not any("brand" in source for source in sources)


def test_a_relative_or_missing_logo_adds_no_source():
    assert img_src(SITE_LOGO_URL="/static/logo.svg") == img_src(SITE_LOGO_URL="")
    assert img_src(SITE_LOGO_URL="javascript:alert(1)") == img_src(SITE_LOGO_URL="")
