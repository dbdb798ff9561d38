"""manage.py demo: a believable, reproducible Gironde."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count

from localiste.catalog.models import Category
from localiste.makers.models import Maker, MakerCategory, Photo, Product
from localiste.makers.services import maker_create
from localiste.opendata.demo.heritage_texts import MAKERS as HERITAGE_MAKERS
from localiste.opendata.services import demo_generate
from localiste.places.models import Place, Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gironde():
    call_command("gazetteer_load", department="33", verbosity=0)


def _fingerprint():
    return list(
        Maker.objects.order_by("id").values_list(
            "name", "slug", "street", "postcode", "locality", "latitude", "longitude"
        )
    )


def test_same_seed_gives_the_same_makers_and_another_seed_others():
    demo_generate(makers=25, seed=7, images_pool=1)
    first = _fingerprint()
    Maker.objects.all().delete()
    demo_generate(makers=25, seed=7, images_pool=1)
    assert _fingerprint() == first
    Maker.objects.all().delete()
    demo_generate(makers=25, seed=8, images_pool=1)
    other = _fingerprint()
    assert len(other) == 25
    assert [row[0] for row in other] != [row[0] for row in first]


def test_makers_are_published_and_listed_in_their_categories_and_ancestors():
    summary = demo_generate(makers=200, seed=3, images_pool=1)

    assert summary.makers == Maker.objects.count() == 200
    assert not Maker.objects.exclude(status=Maker.Status.PUBLISHED).exists()
    assert not Maker.objects.filter(published_at__isnull=True).exists()
    links = MakerCategory.objects.select_related("maker", "category")
    for maker in Maker.objects.prefetch_related("category_links__category"):
        by_category = {link.category_id: link for link in maker.category_links.all()}
        assert by_category[maker.primary_category_id].is_direct
        for link in by_category.values():
            assert link.listed_at == maker.published_at
            parent_id = link.category.parent_id
            if parent_id is not None:
                assert parent_id in by_category  # ancestors are listed too
    assert links.filter(is_direct=False).exists()
    counts = dict(
        MakerCategory.objects.values("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    for category in Category.objects.all():
        assert category.published_maker_count == counts.get(category.pk, 0)


def test_makers_live_in_the_gironde_some_showing_their_commune_only():
    demo_generate(makers=200, seed=5, images_pool=1)
    gironde = Territory.objects.get(slug="gironde")
    located = Place.objects.filter(department_code="33", latitude__isnull=False)
    lats = located.values_list("latitude", flat=True)
    lons = located.values_list("longitude", flat=True)
    margin = 0.03  # ≈ 3 km: an address is at most ~1.5 km from its commune's centre
    for maker in Maker.objects.select_related("place"):
        assert min(lats) - margin <= maker.latitude <= max(lats) + margin
        assert min(lons) - margin <= maker.longitude <= max(lons) + margin
        assert maker.postcode in maker.place.postcodes.split()
        assert maker.locality == maker.place.name
    commune_only = Maker.objects.filter(location_precision=Maker.Precision.COMMUNE)
    assert 3 <= commune_only.count() <= 40
    for maker in commune_only.select_related("place"):
        assert (maker.latitude, maker.longitude) == (maker.place.latitude, maker.place.longitude)
        assert maker.street == ""
    assert gironde.makers.count() == 200
    assert Territory.objects.get(slug="bordeaux-metropole").makers.exists()


def test_products_have_consistent_prices():
    demo_generate(makers=60, seed=2, images_pool=1)
    products = list(Product.objects.all())
    assert len(products) >= 120
    kinds = {product.price_kind for product in products}
    assert kinds == {"fixed", "range", "quote"}
    for product in products:
        if product.price_kind == Product.PriceKind.QUOTE:
            assert product.price_min is None and product.price_max is None
        elif product.price_kind == Product.PriceKind.RANGE:
            assert 0 < product.price_min <= product.price_max
        else:
            assert product.price_min > 0 and product.price_max is None
        product.full_clean()


def test_small_loads_draw_each_makers_own_pictures_with_renditions():
    demo_generate(makers=3, seed=1)
    photos = list(Photo.objects.select_related("maker", "product"))
    kinds = {photo.kind for photo in photos}
    assert kinds == {"logo", "cover", "gallery", "product"}
    assert len({photo.image.name for photo in photos}) == len(photos)  # nothing shared
    for photo in photos:
        assert photo.alt_text
        assert photo.image.name.startswith(f"demo/makers/{photo.maker_id}/")
        assert default_storage.exists(photo.image.name)
        assert photo.renditions and max(photo.renditions) <= photo.width
        stem = photo.image.name.rsplit(".", 1)[0]
        for width in photo.renditions:
            assert default_storage.exists(f"{stem}-{width}.webp")
            assert default_storage.exists(f"{stem}-{width}.jpg")
        if photo.kind == "product":
            assert photo.product.maker_id == photo.maker_id
            assert photo.product.name in photo.alt_text
        if photo.kind == "logo":
            assert photo.maker.name in photo.alt_text


def test_if_empty_leaves_an_existing_directory_alone_and_new_rows_get_fresh_ids():
    out = StringIO()
    call_command("demo", makers=5, seed=1, images_pool=1, stdout=out, verbosity=0)
    assert "5 makers" in out.getvalue()
    out = StringIO()
    call_command("demo", makers=5, seed=2, if_empty=True, stdout=out, verbosity=0)
    assert "skipped" in out.getvalue()
    assert Maker.objects.count() == 5 + len(HERITAGE_MAKERS)  # the heritage crafts' own
    # Ids were reserved properly: ordinary writes after the bulk load do not collide.
    maker = maker_create(name="Atelier Neuf", primary_category=Category.objects.first())
    assert maker.pk > max(Maker.objects.exclude(pk=maker.pk).values_list("pk", flat=True))
    product = Product.objects.create(maker=maker, name="Bol", slug="bol")
    assert product.pk > 0


def test_a_second_load_adds_makers_with_unique_slugs():
    demo_generate(makers=20, seed=4, images_pool=1)
    demo_generate(makers=20, seed=4, images_pool=1)
    slugs = list(Maker.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 40


def test_visits_by_appointment_follow_the_hours_drawn_for_makers_with_workshop_visits():
    demo_generate(makers=80, seed=11, images_pool=1)
    heritage = {maker["name"] for maker in HERITAGE_MAKERS}
    makers = Maker.objects.exclude(name__in=heritage).annotate(periods=Count("opening_periods"))

    by_appointment = [m for m in makers if m.offers_visits_by_appointment]
    assert by_appointment, "no maker of the demo takes visitors by appointment"
    for maker in makers:
        appointment_hours = maker.periods == 0 and "rendez-vous" in maker.hours_note
        # The page never says "by appointment" for a workshop that takes no visitors, nor
        # opening hours next to "by appointment only".
        assert maker.offers_visits_by_appointment == (
            maker.offers_workshop_visits and appointment_hours
        ), maker.slug
    # The draw is the same for the same seed.
    first = sorted(m.slug for m in by_appointment)
    Maker.objects.all().delete()
    demo_generate(makers=80, seed=11, images_pool=1)
    again = Maker.objects.filter(offers_visits_by_appointment=True).exclude(name__in=heritage)
    assert sorted(again.values_list("slug", flat=True)) == first
