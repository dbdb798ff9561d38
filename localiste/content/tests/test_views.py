"""The operators' own pages."""

import pytest

from localiste.content.models import SitePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    page, _created = SitePage.objects.update_or_create(
        slug="a-propos",
        defaults={
            "title_fr": "Qui sommes-nous ?",
            "title_en": "Who we are",
            "body_fr": "Une **association** girondine.",
            "body_en": "An **association** from the Gironde.",
        },
    )
    return page


def test_page_in_french_and_english(client, about):
    french = client.get("/pages/a-propos/").content.decode()
    english = client.get("/en/pages/a-propos/").content.decode()
    assert "Qui sommes-nous ?" in french
    assert "Une <strong>association</strong> girondine." in french
    assert "Who we are" in english
    assert "An <strong>association</strong> from the Gironde." in english


def test_footer_links_to_the_site_pages(client, about):
    html = client.get("/").content.decode()
    for slug in ("a-propos", "mentions-legales", "confidentialite", "classement"):
        assert f'href="/pages/{slug}/"' in html


def test_missing_page_is_not_found_with_the_site_404(client):
    SitePage.objects.filter(slug="classement").delete()
    response = client.get("/pages/classement/")
    assert response.status_code == 404
    assert "We could not find this page" in client.get("/en/pages/nope/").content.decode()
