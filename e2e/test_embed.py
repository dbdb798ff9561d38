"""The embeddable list framed by a partner page (another origin), 390 px wide on a phone or
desktop-wide: it must not scroll sideways, and each cover photo stays inside its card; and
only the sites the operators allow may frame it."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.accounts.tests.factories import UserFactory
from localiste.makers import services
from localiste.makers.models import Photo
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory
from localiste.moderation.services import photos_approve
from localiste.places.services import gazetteer_load
from localiste.sharing.models import EmbedPolicy
from localiste.sharing.services import embed_policy_save

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def makers_with_covers(restore_reference_data):
    """Two published makers whose wide cover photos the operators approved (photos of a
    published listing wait for review, settings.REVIEWED_FIELDS)."""
    operator = UserFactory(is_staff=True)
    makers = []
    for name in ("Atelier des Chartrons", "Poterie de Bègles"):
        maker = MakerFactory(name=name, tagline="Des pièces tournées à la main, une à une")
        photo = services.photo_add(
            maker=maker,
            editor=None,
            upload=uploads.upload(uploads.image_bytes(width=1600, height=900)),
            kind=Photo.Kind.COVER,
            alt_text="L'atelier",
        )
        photos_approve(maker=maker, photo_ids=[photo.pk], operator=operator)
        makers.append(maker)
    return makers


@pytest.fixture
def partner_site(other_origin):
    """`partner_site(src, width)`: the URL of a page of another site framing `src`, `width`
    pixels wide, with no margin around the frame."""
    return lambda src, width: other_origin(
        f'<style>body{{margin:0}}</style><iframe src="{src}" title="Widget" width="{width}" '
        'height="700" style="border:0;display:block"></iframe>'
    )


def test_the_list_fits_its_iframe_and_covers_stay_in_their_cards(
    page, viewport, makers_with_covers, partner_site
):
    """Framed as wide as the screen: 390 px on a phone, 1280 px on a desktop."""
    width = viewport[1]["width"]
    page.goto(partner_site(f"{page.base_url}/embed/liste/", width))
    frame = page.frame_locator("iframe")
    frame.locator(".embed-list__item img").first.wait_for(state="attached")
    widget = next(f for f in page.frames if "/embed/liste/" in f.url)
    widget.wait_for_function(
        "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"
    )
    widths = widget.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], widths
    overflowing = widget.evaluate(
        """[...document.querySelectorAll('.embed-list__item')].filter(card => {
            const box = card.getBoundingClientRect();
            return [...card.querySelectorAll('img')].some(img => {
                const r = img.getBoundingClientRect();
                return r.left < box.left || r.right > box.right
                    || r.top < box.top || r.bottom > box.bottom;
            });
        }).length"""
    )
    assert overflowing == 0


def _widget_text(page) -> str:
    """The text of the framed widget, "" when the browser refused to show it."""
    frame = next((f for f in page.frames if f != page.main_frame), None)
    if frame is None or not frame.url.startswith(page.base_url):
        return ""  # Chromium shows its error page (chrome-error://) instead
    return frame.locator("body").inner_text(timeout=3000)


def test_only_the_sites_the_operators_list_may_frame_the_widget(page, partner_site):
    """Listing other sites shuts the partner out at once; listing it lets it in again."""
    MakerFactory(name="Atelier Encadré")
    page.goto(partner_site(f"{page.base_url}/embed/liste/", 600))
    partner = page.url.split("/index.html")[0]
    assert "Atelier Encadré" in _widget_text(page)

    embed_policy_save(
        policy=EmbedPolicy(framing="listed", allowed_origins="https://www.mairie-begles.fr")
    )
    page.reload(wait_until="load")
    assert "Atelier Encadré" not in _widget_text(page)

    embed_policy_save(
        policy=EmbedPolicy(
            framing="listed", allowed_origins=f"https://www.mairie-begles.fr\n{partner}"
        )
    )
    page.reload(wait_until="load")
    assert "Atelier Encadré" in _widget_text(page)


def test_the_widget_with_notes_and_distances_and_the_builder_errors_are_accessible(page, axe):
    gazetteer_load(department="33")
    MakerFactory(name="Atelier Proche")
    for path in (
        "/en/embed/liste/?lieu=Bordeaux&rayon=500&categorie=nulle-part",
        "/embed/carte/?lieu=Bordeaux&rayon=10&label=aucun",
        "/en/integrer/?kind=liste&rayon=25&height=600",
    ):
        page.goto(page.base_url + path)
        assert page.locator(".embed__note, .field__error").count() >= 1, path
        assert serious_violations(axe, page) == [], path
    page.goto(page.base_url + "/en/embed/liste/?lieu=Bordeaux&rayon=10")
    expect(page.get_by_text("less than 1 km from Bordeaux")).to_be_visible()
    assert page.js_errors == []
