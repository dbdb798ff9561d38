"""The operators' own pages."""

import pytest
from django.test import override_settings

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


@override_settings(SITE_NAME="Fait main Landes", SITE_HOST_NAME="Hébergeur Coopératif SCIC")
def test_the_shipped_legal_notice_names_the_host_from_the_settings(client):
    english = client.get("/en/pages/mentions-legales/").content.decode()
    french = client.get("/pages/mentions-legales/").content.decode()

    assert "The site is hosted by Hébergeur Coopératif SCIC." in english
    assert "Le site est hébergé par Hébergeur Coopératif SCIC." in french
    for html in (english, french):
        assert "Fait main Landes" in html
        assert "[Association name]" not in html and "[Nom de l" not in html


@override_settings(SITE_HOST_NAME="Hébergeur Coopératif SCIC")
def test_an_operators_page_is_shown_verbatim_whatever_the_settings(client, about):
    english = client.get("/en/pages/a-propos/").content.decode()

    assert "An <strong>association</strong> from the Gironde." in english
    assert "Hébergeur Coopératif SCIC" not in english


def test_the_admin_shows_the_shipped_text_to_start_from(admin_client):
    page = SitePage.objects.get(slug="mentions-legales")

    html = admin_client.get(f"/admin/content/sitepage/{page.pk}/change/").content.decode()

    assert "The site is published by" in html
    assert "Le site est édité par" in html
