"""Sharing in a real browser: the widget framed by another site, posters printed on A4, and
the contact form, widget and poster checked by axe-core."""

import io

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django.test import Client
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.conftest import serious_violations
from localiste.makers.models import Membership
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def maker(restore_reference_data):
    return MakerFactory(name="Atelier Partagé", tagline="Céramiques tournées à Bègles")


@pytest.fixture
def partner_site(other_origin):
    """`partner_site(src)`: the URL of a page of another site framing `src`."""
    return lambda src: other_origin(
        f'<h1>Mairie</h1><iframe src="{src}" title="Widget" width="600" height="500"></iframe>'
    )


def framed_text(page, timeout_ms: int = 3000) -> str:
    """The text of the page's iframe once it loaded, "" when the browser refused to show it."""
    page.wait_for_timeout(300)
    frame = page.frames[1] if len(page.frames) > 1 else None
    if frame is None or frame.url.startswith("chrome-error"):
        return ""
    try:
        return frame.locator("body").inner_text(timeout=timeout_ms)
    except Exception:
        return ""


def test_the_widget_shows_inside_another_sites_page(page, maker, partner_site):
    page.goto(partner_site(f"{page.base_url}/embed/liste/"))
    widget = page.frame_locator("iframe")
    expect(widget.get_by_role("link", name=maker.name)).to_be_visible()
    expect(widget.get_by_role("contentinfo").get_by_role("link")).to_be_visible()


def test_the_map_widget_shows_inside_another_sites_page(page, maker, partner_site):
    page.goto(partner_site(f"{page.base_url}/embed/carte/"))
    widget = page.frame_locator("iframe")
    expect(widget.locator(".leaflet-container")).to_be_visible()
    expect(widget.locator(".leaflet-overlay-pane path")).to_have_count(1)


def test_other_pages_refuse_to_be_framed(page, maker, partner_site):
    page.goto(partner_site(f"{page.base_url}{maker.get_absolute_url()}"))
    assert maker.tagline not in framed_text(page)


@pytest.fixture
def logged_in_member(page, maker):
    user = get_user_model().objects.create_user(username="potiere", password="x")
    Membership.objects.create(user=user, maker=maker, role=Membership.Role.OWNER)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": page.base_url}]
    )
    return user


def test_the_poster_prints_on_one_a4_page_with_a_qr_code_to_the_maker(
    page, maker, logged_in_member, axe
):
    page.goto(f"{page.base_url}/espace/{maker.slug}/affiche/")
    expect(page.get_by_role("heading", level=1)).to_have_text(maker.name)
    assert serious_violations(axe, page) == []

    qr_png = page.locator(".poster__qr svg").screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png)))
    assert [barcode.text for barcode in decoded] == [f"{page.base_url}/fabricants/{maker.slug}/"]

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == 1
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    assert maker.name in pdf.pages[0].extract_text()


def test_the_sticker_sheet_prints_on_one_a4_page(page, maker, logged_in_member):
    page.goto(f"{page.base_url}/espace/{maker.slug}/autocollants/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == 1


def test_the_contact_form_and_the_widget_pages_are_accessible(page, maker, axe):
    page.goto(f"{page.base_url}/en{maker.get_absolute_url()}")
    form = page.locator("#contact")
    expect(form.get_by_label("Your message")).to_be_visible()
    expect(form.get_by_label("Leave this field empty")).not_to_be_in_viewport()
    assert serious_violations(axe, page) == []
    for path in ("/embed/liste/", "/embed/carte/", "/integrer/?kind=liste&height=600"):
        page.goto(page.base_url + path)
        assert serious_violations(axe, page) == [], path
    assert page.js_errors == []


def test_sending_a_message_from_the_maker_page(page, maker):
    page.goto(f"{page.base_url}/en{maker.get_absolute_url()}")
    form = page.locator("#contact")
    form.get_by_label("Your name").fill("Camille")
    form.get_by_label("Your email").fill("camille@example.net")
    form.get_by_label("Your message").fill("Hello, do you make bowls to order?")
    form.get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/en/fabricants/" in page.url and "/contact/envoye/" in page.url
