"""Heritage know-how pages as visitors get them: the demo's cooperage, its makers and map,
the searches that find them, the way back from their pages, in French and English."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext

from localiste.catalog.models import Category
from localiste.makers.models import KnowHow, Maker
from localiste.makers.selectors.knowhow import MAKERS_PER_PAGE, knowhows_for_territory
from localiste.makers.services import maker_territories_refresh, search_index_maker
from localiste.makers.services.knowhow import knowhow_save
from localiste.makers.tests.factories import MakerFactory
from localiste.opendata.demo.heritage import demo_heritage_generate
from localiste.places.models import Place, Territory
from localiste.places.services import territory_sync_from_places

pytestmark = pytest.mark.django_db

COOPERAGE_URL = "/savoir-faire/tonnellerie-girondine/"


@pytest.fixture
def demo():
    """A small demo Gironde (`manage.py demo`) with its heritage makers and pages, indexed."""
    call_command("gazetteer_load", department="33", verbosity=0)
    call_command("demo", makers=4, seed=5, images_pool=1, stdout=io.StringIO())


def _coopers() -> list[Maker]:
    return list(
        Maker.objects.filter(
            status=Maker.Status.PUBLISHED, primary_category__slug="tonnellerie"
        ).order_by("name")
    )


def _names_in(html: str) -> set[str]:
    return set(re.findall(r'class="maker-card__name"><a [^>]*>([^<]+)</a>', html))


def test_the_cooperage_page_lists_the_demo_coopers_with_a_map(client, demo):
    coopers = _coopers()
    assert {"Tonnellerie Castagnet", "Tonnellerie Lestage"} <= {m.name for m in coopers}

    response = client.get(COOPERAGE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>La tonnellerie girondine</h1>" in html
    listed = {name.replace("&#x27;", "'") for name in _names_in(html)}
    assert {maker.name for maker in coopers} <= listed
    # The map: every cooper's place in the list it is drawn from (readable without JS).
    assert "data-knowhow-map" in html and "js/knowhow-map.js" in html
    for maker in coopers:
        lat, lon = maker.public_point
        assert f'data-lat="{lat:.5f}" data-lon="{lon:.5f}"' in html
    assert "Merrain" in html or "merrain" in html  # the Markdown text
    assert "Sources" in html and "<li>Musée d'Aquitaine (Bordeaux)" in html


def test_photos_have_alt_text_and_credits(client, demo):
    html = client.get(COOPERAGE_URL).content.decode()
    figures = re.findall(r"<figure.*?</figure>", html, flags=re.S)
    assert len(figures) == 2
    for figure in figures:
        assert re.search(r'<img[^>]+alt="[^"]{10,}"', figure)
        assert "<figcaption>" in figure and "démonstration de Localiste" in figure

    for word in ("tonnelier", "barrique", "fût", "cooper"):
        html = client.get("/recherche/", {"q": word}).content.decode()
        listed = {name.replace("&#x27;", "'") for name in _names_in(html)}
        assert {maker.name for maker in _coopers()} <= listed, word


def test_the_coopers_pages_link_back_and_the_english_page(client, demo):
    with translation.override("fr"):
        carries_on = gettext("This maker carries on:")
    for maker in _coopers():
        html = client.get(f"/fabricants/{maker.slug}/").content.decode()
        assert carries_on in html
        assert f'href="{COOPERAGE_URL}">La tonnellerie girondine</a>' in html
    english = client.get(f"/en/fabricants/{_coopers()[0].slug}/").content.decode()
    assert "This maker carries on:" in english
    assert 'href="/en/savoir-faire/tonnellerie-girondine/">Gironde cooperage</a>' in english

    html = client.get("/en" + COOPERAGE_URL).content.decode()
    assert "<h1>Gironde cooperage</h1>" in html
    assert "Who practises it today" in html
    assert "stave wood" in html
    assert 'lang="fr"' not in html.split("<main", 1)[1].split("Sources", 1)[0]


def test_english_page_falls_back_to_french_marked_as_such(client):
    page = knowhow_save(
        knowhow=KnowHow(
            slug="vannerie",
            title_fr="La vannerie",
            body_fr="Un **osier** tressé.",
            is_published=True,
        )
    )
    html = client.get("/en" + page.get_absolute_url()).content.decode()
    assert '<h1 lang="fr">La vannerie</h1>' in html
    assert '<div class="prose knowhow__body" lang="fr"><p>Un <strong>osier</strong>' in html


def test_unpublished_or_unknown_pages_are_not_found(client):
    page = knowhow_save(knowhow=KnowHow(slug="brouillon", title_fr="Brouillon"))
    assert client.get(page.get_absolute_url()).status_code == 404
    assert client.get("/savoir-faire/inconnue/").status_code == 404
    assert client.get("/en/savoir-faire/inconnue/").status_code == 404


def test_the_list_page_shows_published_pages_only(client):
    knowhow_save(knowhow=KnowHow(slug="publiee", title_fr="Publiée", is_published=True))
    knowhow_save(knowhow=KnowHow(slug="cachee", title_fr="Cachée"))
    html = client.get("/savoir-faire/").content.decode()
    assert 'href="/savoir-faire/publiee/"' in html
    assert "cachee" not in html


def test_a_page_without_makers_says_so_and_has_no_map(client):
    knowhow_save(
        knowhow=KnowHow(slug="liege", title_fr="Le liège", is_published=True),
        categories=[Category.objects.get(slug="liege")],
    )
    html = client.get("/savoir-faire/liege/").content.decode()
    with translation.override("fr"):
        assert gettext("No maker of the directory practises this craft yet.") in html
    assert "data-knowhow-map" not in html


def test_a_keyword_finds_makers_outside_the_pages_categories(client):
    page = knowhow_save(
        knowhow=KnowHow(
            slug="tonnellerie", title_fr="Tonnellerie", keywords="merrain", is_published=True
        ),
        categories=[Category.objects.get(slug="tonnellerie")],
    )
    cooper = MakerFactory(primary_category=Category.objects.get(slug="tonnellerie"))
    joiner = MakerFactory(name="Menuiserie Sabatier", story="Meubles en merrain de chêne.")
    other = MakerFactory(name="Bijoux Lune")
    html = client.get(page.get_absolute_url()).content.decode()
    listed = _names_in(html)
    assert {cooper.name, joiner.name} <= listed
    assert other.name not in listed


def test_the_heritage_demo_runs_twice_without_duplicates_and_serves_the_territory_home():
    call_command("gazetteer_load", department="33", verbosity=0)
    first = demo_heritage_generate(seed=1)
    assert (first.makers, first.pages) == (6, 3)
    assert demo_heritage_generate(seed=1).makers == demo_heritage_generate(seed=1).pages == 0

    gironde = Territory.objects.get(slug=settings.DEFAULT_TERRITORY)
    cooper = Maker.objects.get(name="Tonnellerie Castagnet")
    assert gironde in cooper.territories.all()
    html = render_to_string(
        "includes/knowhow_links.html", {"knowhows": knowhows_for_territory(territory=gironde)}
    )
    assert html.count('<li><a href="/savoir-faire/') == 3
    assert render_to_string("includes/knowhow_links.html", {"knowhows": []}).strip() == ""


def test_a_territorys_page_lists_only_the_makers_of_that_territory(client):
    call_command("gazetteer_load", department="33", verbosity=0)
    territory_sync_from_places()
    cooperage = Category.objects.get(slug="tonnellerie")

    def cooper_in(commune: str, **fields) -> Maker:
        place = Place.objects.get(name=commune, department_code="33")
        maker = MakerFactory(
            place=place, latitude=place.latitude, longitude=place.longitude, **fields
        )
        maker_territories_refresh(maker=maker)
        search_index_maker(maker_id=maker.pk)  # as the import or the maker's edit does
        return maker

    inside = cooper_in("Mérignac", name="Tonnellerie de Mérignac", primary_category=cooperage)
    cooper_in("Libourne", name="Tonnellerie de Libourne", primary_category=cooperage)
    cooper_in("Libourne", name="Fûts de Libourne", story="Un tonnelier du Libournais.")
    page = knowhow_save(
        knowhow=KnowHow(
            slug="tonnellerie-metropole",
            title_fr="La tonnellerie de la métropole",
            keywords="tonnelier",
            territory=Territory.objects.get(slug="bordeaux-metropole"),
            is_published=True,
        ),
        categories=[cooperage],
    )

    html = client.get(page.get_absolute_url()).content.decode()

    assert _names_in(html) == {inside.name}
    with translation.override("fr"):
        assert "1 fabricant de l’annuaire perpétue ce savoir-faire." in html


def test_a_list_cut_short_does_not_read_as_a_total(client):
    cooperage = Category.objects.get(slug="tonnellerie")
    for _ in range(MAKERS_PER_PAGE + 1):
        MakerFactory(primary_category=cooperage)
    page = knowhow_save(
        knowhow=KnowHow(slug="tonnellerie", title_fr="Tonnellerie", is_published=True),
        categories=[cooperage],
    )
    html = client.get(page.get_absolute_url()).content.decode()
    assert len(_names_in(html)) == MAKERS_PER_PAGE
    with translation.override("fr"):
        total = ngettext(
            "%(counter)s maker of the directory carries on this craft.",
            "%(counter)s makers of the directory carry on this craft.",
            MAKERS_PER_PAGE,
        )
        first = gettext("The first %(counter)s makers of the directory who carry on this craft.")
    assert total % {"counter": MAKERS_PER_PAGE} not in html
    assert first % {"counter": MAKERS_PER_PAGE} in html


def test_the_heritage_demos_covers_fit_each_trade_and_a_rerun_moves_nobody():
    call_command("gazetteer_load", department="33", verbosity=0)
    demo_heritage_generate(seed=1)
    covers = {
        maker.primary_category.slug: maker.photos.get().alt_text
        for maker in Maker.objects.select_related("primary_category")
    }
    assert "bois" in covers["tonnellerie"]
    assert "faïence" in covers["faience"].lower() or "émail" in covers["faience"]
    assert "liège" in covers["liege"] and "bois" not in covers["liege"]

    points = dict(Maker.objects.values_list("name", "latitude"))
    Maker.objects.filter(name="Atelier L'Écorce").delete()
    assert demo_heritage_generate(seed=1).makers == 1
    assert dict(Maker.objects.values_list("name", "latitude")) == points


def test_the_territory_home_links_to_its_know_how_pages(client, demo):
    html = client.get("/territoires/gironde/").content.decode()
    section = html.split('id="knowhow-links-title"')[1].split("</section>")[0]
    assert f'href="{COOPERAGE_URL}"' in section
    assert "La tonnellerie girondine" in section
