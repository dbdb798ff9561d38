"""Links meant for someone else start with SITE_URL when the operator set it, not the Host."""

import pytest
from django.test import RequestFactory

from localiste.core.site_url import absolute_url, site_root

SITE = "https://makers.example.org"


@pytest.fixture
def forged_request():
    """A request whose Host header names an allowed host with a port of the client's choice."""
    return RequestFactory().get("/fabricants/atelier/", HTTP_HOST="localhost:8443")


def test_without_site_url_links_follow_the_request_as_before(settings, forged_request):
    settings.SITE_URL = ""
    assert site_root(forged_request) == "http://localhost:8443"
    assert absolute_url(forged_request, "/espace/") == "http://localhost:8443/espace/"
    assert absolute_url(forged_request, "contact/") == (
        "http://localhost:8443/fabricants/atelier/contact/"
    )


def test_with_site_url_links_ignore_the_host_header(settings, forged_request):
    settings.SITE_URL = SITE
    assert site_root(forged_request) == SITE
    assert absolute_url(forged_request, "/espace/?page=2#x") == f"{SITE}/espace/?page=2#x"
    assert absolute_url(forged_request) == f"{SITE}/"
    assert absolute_url(forged_request, "contact/") == f"{SITE}/fabricants/atelier/contact/"
    # A link a library built from the request (allauth's reset links) moves to SITE_URL too.
    built = forged_request.build_absolute_uri("/compte/password/reset/key/1-x/")
    assert absolute_url(forged_request, built) == f"{SITE}/compte/password/reset/key/1-x/"


def test_other_sites_links_are_left_alone(settings, forged_request):
    settings.SITE_URL = SITE
    for link in ("https://atelier.example.com/boutique", "mailto:contact@example.org"):
        assert absolute_url(forged_request, link) == link


def test_outside_a_request_only_site_url_can_say_where_the_site_is(settings):
    settings.SITE_URL = SITE
    assert absolute_url(None, "/espace/") == f"{SITE}/espace/"
    assert site_root(None) == SITE
    settings.SITE_URL = ""
    with pytest.raises(ValueError, match="SITE_URL"):
        site_root(None)
