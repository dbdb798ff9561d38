"""Public reads of makers: listings by category, the maker page, product pages."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.models import Maker, Photo
from localiste.makers.selectors import (
    category_makers_page,
    maker_get_public,
    makers_featured,
    makers_newest,
    product_get_public,
    products_other,
)
from localiste.makers.tests.factories import MakerFactory, PhotoFactory, ProductFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_category_page_lists_newest_first_including_sub_categories():
    furniture = CategoryFactory(slug="mobilier")
    tables = CategoryFactory(slug="tables", parent=furniture)
    old = MakerFactory(primary_category=furniture, published_at=days_ago(10))
    new = MakerFactory(primary_category=tables, published_at=days_ago(1))
    MakerFactory(primary_category=furniture, status=Maker.Status.DRAFT)
    furniture.refresh_from_db()

    page = category_makers_page(category=furniture, page_number=None)

    assert [maker.pk for maker in page.makers] == [new.pk, old.pk]
    assert page.total == 2
    assert page.num_pages == 1


def test_category_page_paginates_from_the_denormalised_count():
    category = CategoryFactory()
    makers = [MakerFactory(primary_category=category, published_at=days_ago(n)) for n in range(5)]
    category.refresh_from_db()

    second = category_makers_page(category=category, page_number="2", per_page=2)

    assert [maker.pk for maker in second.makers] == [makers[2].pk, makers[3].pk]
    assert (second.num_pages, second.has_previous, second.has_next) == (3, True, True)
    last = category_makers_page(category=category, page_number=3, per_page=2)
    assert [maker.pk for maker in last.makers] == [makers[4].pk]
    assert not last.has_next


@pytest.mark.parametrize("page_number", ["abc", "0", "-1", "4", "1.5", "99999999999999999999"])
def test_category_page_refuses_pages_that_do_not_exist(page_number):
    category = CategoryFactory()
    for _ in range(5):
        MakerFactory(primary_category=category)
    category.refresh_from_db()
    with pytest.raises(Http404):
        category_makers_page(category=category, page_number=page_number, per_page=2)


def test_an_empty_category_has_one_empty_page():
    page = category_makers_page(category=CategoryFactory(), page_number="1")
    assert page.makers == []
    assert page.num_pages == 1


def test_page_numbers_show_gaps_around_the_current_page():
    from localiste.makers.selectors import MakerPage

    page = MakerPage(makers=[], number=10, num_pages=20, total=480)
    assert page.page_numbers == [1, None, 8, 9, 10, 11, 12, None, 20]


def test_featured_and_newest_show_published_makers_only_newest_first():
    older = MakerFactory(is_featured=True, published_at=days_ago(3))
    newer = MakerFactory(is_featured=True, published_at=days_ago(1))
    plain = MakerFactory(published_at=days_ago(2))
    MakerFactory(is_featured=True, status=Maker.Status.SUSPENDED)

    assert [maker.pk for maker in makers_featured()] == [newer.pk, older.pk]
    assert [maker.pk for maker in makers_newest()] == [newer.pk, plain.pk, older.pk]


def test_cards_carry_their_cover_and_logo():
    maker = MakerFactory()
    cover = PhotoFactory(maker=maker, kind=Photo.Kind.COVER)
    logo = PhotoFactory(maker=maker, kind=Photo.Kind.LOGO)
    [card] = makers_newest()
    assert (card.card_cover, card.card_logo) == (cover, logo)


def test_maker_page_splits_photos_and_hides_unpublished_products():
    maker = MakerFactory()
    public = ProductFactory(maker=maker)
    ProductFactory(maker=maker, is_published=False)
    cover = PhotoFactory(maker=maker, kind=Photo.Kind.COVER)
    gallery = PhotoFactory(maker=maker, kind=Photo.Kind.GALLERY)
    product_photo = PhotoFactory(maker=maker, product=public, kind=Photo.Kind.PRODUCT)

    loaded = maker_get_public(slug=maker.slug)

    assert loaded.cover_photo == cover
    assert loaded.logo_photo is None
    assert loaded.gallery_photos == [gallery]
    assert [product.pk for product in loaded.public_products] == [public.pk]
    assert loaded.public_products[0].photo_list == [product_photo]


def test_maker_page_lists_the_main_category_first():
    main = CategoryFactory(position=9)
    other = CategoryFactory(position=1)
    maker = MakerFactory(primary_category=main, others=[other])
    assert maker_get_public(slug=maker.slug).direct_categories == [main, other]


@pytest.mark.parametrize("status", [Maker.Status.DRAFT, Maker.Status.SUSPENDED])
def test_unpublished_makers_are_not_public(status):
    maker = MakerFactory(status=status)
    with pytest.raises(Http404):
        maker_get_public(slug=maker.slug)


def test_product_of_an_unpublished_maker_or_unpublished_product_is_not_public():
    hidden_maker = ProductFactory(maker=MakerFactory(status=Maker.Status.PENDING))
    hidden_product = ProductFactory(is_published=False)
    for product in (hidden_maker, hidden_product):
        with pytest.raises(Http404):
            product_get_public(maker_slug=product.maker.slug, product_slug=product.slug)


def test_other_products_exclude_the_product_itself_and_unpublished_ones():
    product = ProductFactory()
    sibling = ProductFactory(maker=product.maker)
    ProductFactory(maker=product.maker, is_published=False)
    ProductFactory()  # another maker's
    assert products_other(product=product) == [sibling]
