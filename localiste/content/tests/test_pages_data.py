"""The four site pages that the data migration creates for a fresh install."""

import pytest

from localiste.content.models import SitePage


@pytest.mark.django_db
def test_every_site_page_exists_in_french_and_english():
    pages = {page.slug: page for page in SitePage.objects.all()}

    assert set(pages) == set(SitePage.Slug.values)
    for page in pages.values():
        assert page.title_fr.strip() and page.title_en.strip(), page.slug
        assert page.body_fr.strip() and page.body_en.strip(), page.slug


@pytest.mark.django_db
def test_the_ranking_page_says_listings_are_never_paid_for():
    page = SitePage.objects.get(slug=SitePage.Slug.RANKING)

    assert "Aucune place ne s'achète" in page.body_fr
    assert "No place can be bought" in page.body_en


@pytest.mark.django_db
def test_the_legal_notice_credits_the_map_and_open_data_sources():
    page = SitePage.objects.get(slug=SitePage.Slug.LEGAL)

    for body in (page.body_fr, page.body_en):
        assert "OpenStreetMap" in body
        assert "Etalab" in body
        assert "GeoNames" in body


@pytest.mark.django_db
def test_operator_placeholders_are_marked_in_square_brackets():
    for page in SitePage.objects.filter(slug__in=[SitePage.Slug.LEGAL, SitePage.Slug.PRIVACY]):
        assert "[Nom de l'association]" in page.body_fr, page.slug
        assert "[Association name]" in page.body_en, page.slug
