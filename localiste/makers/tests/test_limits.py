"""What one listing may hold: texts, products, photos, hours, places to buy; and the page that
shows the most of all of them stays small."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation

from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers import services
from localiste.makers.models import Maker, OpeningPeriod, Photo, Product, SalesPoint
from localiste.makers.services.practical import MAX_OPENING_PERIODS, MAX_SALES_POINTS
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory
from localiste.makers.validators import (
    HTML_BYTES_PER_CHAR,
    MarkdownLimitValidator,
    markdown_html_bytes,
)

pytestmark = pytest.mark.django_db

PAGE_BUDGET_BYTES = 300_000
# Ordinary French text at a field's full length (accents take two bytes).
FRENCH = "Cuir tanné végétal, cousu main à Bègles ; pièces uniques et réparées. "


def french(length: int) -> str:
    return (FRENCH * (length // len(FRENCH) + 1))[:length]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("lucie@example.org", "lucie@example.org")


def story_update(maker, editor, **fields):
    return services.maker_update(maker=maker, editor=editor, version=maker.version, fields=fields)


def heaviest_story(limit: int) -> str:
    """A text of `limit` characters whose HTML is as large as the limit lets through.

    A reference link repeated is what Markdown swells most (a 1,000-character address each
    time, for three characters): as many as are accepted, then ordinary text to the limit.
    """
    validator = MarkdownLimitValidator(max_chars=limit)
    head = "[x]: https://example.org/" + "a" * 1000 + "\n\n"

    def text(links: int) -> str:
        body = head + "[x] " * links + "\n\n"
        return body + french(limit - len(body))

    def accepted(links: int) -> bool:
        try:
            validator(text(links))
        except ValidationError:
            return False
        return True

    low, high = 0, limit // 4
    while low < high:  # the most links accepted
        middle = (low + high + 1) // 2
        low, high = (middle, high) if accepted(middle) else (low, middle - 1)
    return text(low)


def test_a_story_longer_than_the_limit_is_refused_with_both_lengths(editor, settings):
    settings.MAX_STORY_CHARS = 1000
    maker = MakerFactory()
    with pytest.raises(ValidationError) as refused:
        story_update(maker, editor, story="a" * 1001)
    assert refused.value.message_dict["story"] == [
        "Please shorten this text to 1000 characters at most (it has 1001)."
    ]
    maker.refresh_from_db()
    story_update(maker, editor, story="a" * 1000)
    assert Maker.objects.get(pk=maker.pk).story == "a" * 1000


def test_markdown_that_swells_on_the_page_is_refused_however_short(editor, settings):
    settings.MAX_STORY_CHARS = 20_000
    maker = MakerFactory()
    # 1,400 characters that would make 300 KB of links: the defect of the 7-second page.
    swelling = "[x]: https://example.org/" + "a" * 1000 + "\n\n" + "[x] " * 300
    with pytest.raises(ValidationError, match="takes too much room") as refused:
        story_update(maker, editor, know_how=swelling)
    assert "know_how" in refused.value.message_dict
    assert Maker.objects.get(pk=maker.pk).know_how != swelling


def test_a_text_saved_before_a_lower_limit_does_not_block_other_changes(editor, settings):
    maker = MakerFactory(story="a" * 3000)
    settings.MAX_STORY_CHARS = 2000
    maker = Maker.objects.get(pk=maker.pk)
    story_update(maker, editor, tagline="Sacs cousus main")  # the story is left as it was
    maker.refresh_from_db()
    with pytest.raises(ValidationError, match="2000 characters at most"):
        story_update(maker, editor, story="b" * 2500)


def test_a_product_description_has_its_limit(editor):
    maker = MakerFactory()
    with pytest.raises(ValidationError) as refused:
        services.product_create(
            maker=maker, editor=editor, fields={"name": "Sac", "description": "a" * 5001}
        )
    assert "description" in refused.value.message_dict


def test_products_past_the_limit_are_refused_with_a_clear_message(editor, settings):
    settings.MAX_PRODUCTS_PER_MAKER = 2
    maker = MakerFactory()
    for name in ("Sac", "Ceinture"):
        services.product_create(maker=maker, editor=editor, fields={"name": name})
    with pytest.raises(ValidationError) as refused:
        services.product_create(maker=maker, editor=editor, fields={"name": "Besace"})
    assert refused.value.messages == [
        "Your page already has 2 products, the most it can hold. Remove one before adding another."
    ]
    assert maker.products.count() == 2


def stored_photo_files() -> list[str]:
    if not default_storage.exists("photos"):
        return []
    folders, _files = default_storage.listdir("photos")
    return [name for folder in folders for name in default_storage.listdir(f"photos/{folder}")[1]]


def photo_add(maker, editor, kind=Photo.Kind.GALLERY):
    return services.photo_add(
        maker=maker,
        editor=editor,
        upload=uploads.upload(uploads.image_bytes(400, 300)),
        kind=kind,
        alt_text="Un sac",
    )


def test_photos_past_the_limit_are_refused_before_anything_is_stored(editor, settings):
    settings.MAX_PHOTOS_PER_MAKER = 2
    maker = MakerFactory()
    photo_add(maker, editor, kind=Photo.Kind.COVER)
    photo_add(maker, editor)
    files = stored_photo_files()
    with pytest.raises(ValidationError, match="already has 2 photos, the most it can hold"):
        photo_add(maker, editor)
    assert stored_photo_files() == files
    # A new cover takes the old one's place: it is no photo more.
    photo_add(maker, editor, kind=Photo.Kind.COVER)
    assert maker.photos.count() == 2


def test_hours_and_places_to_buy_have_their_limits(editor):
    maker = MakerFactory()
    periods = [
        (day % 7, datetime.time(8 + day // 7), datetime.time(9 + day // 7)) for day in range(29)
    ]
    with pytest.raises(ValidationError, match="28 opening periods at most"):
        services.maker_hours_set(maker=maker, version=maker.version, periods=periods)
    maker.refresh_from_db()
    places = [{"kind": "market", "name": f"Marché {n}"} for n in range(21)]
    with pytest.raises(ValidationError, match="20 places to buy at most"):
        services.maker_sales_points_set(maker=maker, version=maker.version, sales_points=places)


def _image_name() -> str:
    token = uuid.uuid4().hex
    return f"photos/{token[:2]}/{token}.jpg"


@pytest.mark.parametrize("photos_on", ["gallery", "products"])
def test_the_fullest_maker_page_allowed_stays_under_300_kb(client, settings, photos_on):
    """Story and know-how at the most HTML they may make, every product and photo a page may
    hold, every field at its full length; the photos in the gallery (with captions) or on
    the product cards."""
    translation.activate(settings.LANGUAGE_CODE)
    heaviest = heaviest_story(settings.MAX_STORY_CHARS)
    category = CategoryFactory()
    maker = MakerFactory(
        name=french(120),
        tagline=french(160),
        story=heaviest,
        know_how=heaviest,
        street=french(200),
        hours_note=french(200),
        phone="+33 5 56 00 00 00",
        website="https://example.org/" + "a" * 150,
        shop_url="https://example.org/" + "b" * 150,
        instagram_url="https://instagram.com/" + "c" * 150,
        facebook_url="https://facebook.com/" + "d" * 150,
        offers_workshop_visits=True,
        offers_on_site_sale=True,
        offers_online_shop=True,
        offers_made_to_order=True,
        offers_shipping=True,
        others=[CategoryFactory() for _ in range(3)],
        labels=[LabelFactory() for _ in range(4)],
    )
    products = Product.objects.bulk_create(
        Product(
            maker=maker,
            name=french(120),
            slug=f"{'p' * 130}-{number}",
            description=french(5000),
            category=category,
            materials=french(200),
            price_kind=Product.PriceKind.RANGE,
            price_min=Decimal("1234567.89"),
            price_max=Decimal("9999999.99"),
            made_to_order=True,
            position=number,
        )
        for number in range(settings.MAX_PRODUCTS_PER_MAKER)
    )
    photo = {
        "maker": maker,
        "width": 4000,
        "height": 3000,
        "renditions": list(Photo.RENDITION_WIDTHS),
        "alt_text": french(200),
        "caption": french(200),
    }
    rows = [Photo(kind=Photo.Kind.LOGO, image=_image_name(), **photo)]
    rows.append(Photo(kind=Photo.Kind.COVER, image=_image_name(), **photo))
    for number in range(settings.MAX_PHOTOS_PER_MAKER - 2):
        if photos_on == "gallery":
            rows.append(
                Photo(kind=Photo.Kind.GALLERY, image=_image_name(), position=number, **photo)
            )
        else:
            rows.append(
                Photo(
                    kind=Photo.Kind.PRODUCT, product=products[number], image=_image_name(), **photo
                )
            )
    Photo.objects.bulk_create(rows)
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(
            maker=maker,
            weekday=number % 7,
            opens=datetime.time(8 + 3 * (number // 7)),
            closes=datetime.time(10 + 3 * (number // 7)),
        )
        for number in range(MAX_OPENING_PERIODS)
    )
    SalesPoint.objects.bulk_create(
        SalesPoint(
            maker=maker,
            kind=SalesPoint.Kind.choices[number % 4][0],
            name=french(120),
            address=french(200),
            locality=french(120),
            url="https://example.org/" + "e" * 150,
            schedule=french(200),
            position=number,
        )
        for number in range(MAX_SALES_POINTS)
    )

    response = client.get(maker.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    # Every product is on the page: the first ones as cards, the others as links.
    for product in products:
        assert f'href="{product.get_absolute_url()}"' in html
    # Logo and cover, then the gallery's photos, or those of the products shown as cards.
    shown = settings.MAX_PHOTOS_PER_MAKER if photos_on == "gallery" else 2 + 24
    assert html.count("<picture") == shown
    assert len(response.content) <= PAGE_BUDGET_BYTES, f"{len(response.content):,} bytes"


def test_the_heaviest_story_allowed_is_at_the_limit(settings):
    """The worst case above is a real one: a text at the limit whose HTML is close to the
    most the limit lets through."""
    limit = 4000
    text = heaviest_story(limit)
    assert len(text) == limit
    MarkdownLimitValidator(max_chars=limit)(text)
    assert markdown_html_bytes(text) > limit * HTML_BYTES_PER_CHAR * 0.9
