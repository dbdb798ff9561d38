"""The embeddable list framed by a partner page (another origin), 390 px wide on a phone or
desktop-wide: it must not scroll sideways, and each cover photo stays inside its card."""

import pytest

from localiste.accounts.tests.factories import UserFactory
from localiste.makers import services
from localiste.makers.models import Photo
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory
from localiste.moderation.services import photos_approve

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
        "[...document.images].every(img => img.complete && img.naturalWidth > 0)"
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
