"""An operator merges a category into another: makers, products and sub-categories move, the
old address and old search links lead to the target, and the merge is in the audit log."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from localiste.catalog.models import Category
from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers import tasks
from localiste.makers.models import KnowHow, MakerCategory, MakerRevision, Product, Source
from localiste.makers.models.revision import SourceProposal
from localiste.makers.selectors import maker_history
from localiste.makers.services import category_relist
from localiste.makers.services.category_merge import category_merge
from localiste.makers.tests.factories import MakerFactory, ProductFactory
from localiste.moderation.services.sources import source_proposal_apply
from localiste.search.models import Trade
from localiste.search.services import trade_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """Furniture › Stools (to merge) › Bar stools, and Furniture › Chairs (the target)."""
    furniture = CategoryFactory(slug="t-furniture", name_fr="Mobilier")
    stools = CategoryFactory(slug="t-stools", name_fr="Tabourets", parent=furniture)
    chairs = CategoryFactory(slug="t-chairs", name_fr="Chaises", parent=furniture)
    bar_stools = CategoryFactory(slug="t-bar-stools", name_fr="Tabourets de bar", parent=stools)
    return furniture, stools, chairs, bar_stools


@pytest.fixture
def merge(django_capture_on_commit_callbacks, operator):
    """merge(source, target): the operator's merge, committed, then what it queued done (the
    test settings run queued tasks at once, as the worker would)."""

    def run(source, target):
        with django_capture_on_commit_callbacks(execute=True):
            return category_merge(source=source, target=target, actor=operator)

    return run


def links(maker) -> dict[str, bool]:
    rows = MakerCategory.objects.filter(maker=maker)
    return dict(rows.values_list("category__slug", "is_direct"))


def names(response) -> list[str]:
    return sorted(hit["name"] for hit in response.json()["results"])


def merge_page(operator_client, source, data=None):
    url = reverse("admin:catalog_category_merge", args=[source.pk])
    return operator_client.post(url, data) if data is not None else operator_client.get(url)


def test_makers_products_and_sub_categories_move_to_the_target(merge, tree):
    furniture, stools, chairs, bar_stools = tree
    only_stools = MakerFactory(name="Atelier Tabouret", primary_category=stools)
    both = MakerFactory(name="Atelier Assise", primary_category=chairs, others=[stools])
    stools_first = MakerFactory(name="Atelier Pied", primary_category=stools, others=[chairs])
    in_bar_stools = MakerFactory(name="Atelier Comptoir", primary_category=bar_stools)
    product = ProductFactory(maker=only_stools, category=stools)

    plan = merge(stools, chairs)

    assert (plan.makers, plan.products, plan.subcategories) == (3, 1, 1)
    assert not Category.objects.filter(pk=stools.pk).exists()
    for maker in (only_stools, both, stools_first):
        maker.refresh_from_db()
        assert links(maker) == {"t-chairs": True, "t-furniture": False}
    # Each maker is listed once, and keeps its main category unless it was the source.
    assert only_stools.primary_category == chairs
    assert both.primary_category == chairs
    assert stools_first.primary_category == chairs
    bar_stools.refresh_from_db()
    assert (bar_stools.parent, bar_stools.depth) == (chairs, 3)
    assert links(in_bar_stools) == {
        "t-bar-stools": True,
        "t-chairs": False,
        "t-furniture": False,
    }
    assert Product.objects.get(pk=product.pk).category == chairs
    chairs.refresh_from_db(), furniture.refresh_from_db()
    assert (chairs.published_maker_count, furniture.published_maker_count) == (4, 4)


def test_the_main_category_of_a_maker_outside_the_source_is_kept(merge, tree):
    furniture, stools, chairs, _bar_stools = tree
    lamps = CategoryFactory(slug="t-lamps")
    maker = MakerFactory(primary_category=lamps, others=[stools])

    merge(stools, chairs)

    maker.refresh_from_db()
    assert maker.primary_category == lamps
    assert links(maker) == {"t-lamps": True, "t-chairs": True, "t-furniture": False}


def test_searches_for_the_target_and_for_the_old_slug_find_the_moved_makers(client, merge, tree):
    _furniture, stools, chairs, _bar_stools = tree
    MakerFactory(name="Atelier Tabouret", primary_category=stools)
    MakerFactory(name="Atelier Chaise", primary_category=chairs)

    merge(stools, chairs)

    for category in ("t-chairs", "t-stools"):
        response = client.get("/api/v1/search", {"category": category})
        assert response.status_code == 200
        assert names(response) == ["Atelier Chaise", "Atelier Tabouret"]
    page = client.get("/recherche/", {"categorie": "t-stools"})
    assert page.status_code == 200
    assert "Atelier Tabouret" in page.content.decode()
    assert page.context["search"].category == chairs


def test_the_old_address_redirects_for_good_even_after_another_merge(client, merge, tree):
    furniture, stools, chairs, _bar_stools = tree
    seats = CategoryFactory(slug="t-seats")

    merge(stools, chairs)
    response = client.get("/categories/t-stools/")
    assert response.status_code == 301
    assert response["Location"] == "/categories/t-chairs/"
    assert client.get("/en/categories/t-stools/")["Location"] == "/en/categories/t-chairs/"

    merge(chairs, seats)
    for old in ("t-stools", "t-chairs"):
        assert client.get(f"/categories/{old}/")["Location"] == "/categories/t-seats/"
    assert client.get("/categories/t-nothing-here/").status_code == 404


def test_a_merge_is_recorded_in_the_audit_log(merge, operator, tree):
    _furniture, stools, chairs, _bar_stools = tree
    MakerFactory(primary_category=stools)

    merge(stools, chairs)

    entry = LogEntry.objects.get(additional_data__action="category.merge")
    assert entry.actor == operator
    assert entry.object_id == chairs.pk
    assert entry.changes["category"][0]["fr"] == "Tabourets"
    assert entry.changes["makers_moved"] == [None, 1]


def test_a_pending_change_naming_the_source_names_the_target(merge, tree):
    _furniture, stools, chairs, _bar_stools = tree
    maker = MakerFactory(primary_category=chairs)
    revision = MakerRevision.objects.create(
        maker=maker, changes={"primary_category_id": stools.pk, "other_category_ids": [chairs.pk]}
    )

    merge(stools, chairs)

    revision.refresh_from_db()
    assert revision.changes["primary_category_id"] == chairs.pk
    assert revision.changes["other_category_ids"] == []


def test_impossible_merges_are_refused(operator, tree):
    furniture, stools, chairs, bar_stools = tree
    other_top = CategoryFactory(slug="t-other")
    deep = CategoryFactory(slug="t-deep", parent=CategoryFactory(slug="t-mid", parent=other_top))

    for source, target in ((stools, stools), (furniture, bar_stools), (stools, deep)):
        with pytest.raises(ValidationError):
            category_merge(source=source, target=target, actor=operator)
    assert Category.objects.filter(pk=stools.pk).exists()


def test_the_operator_sees_what_will_move_then_confirms(client, operator_client, tree):
    _furniture, stools, chairs, _bar_stools = tree
    MakerFactory(name="Atelier Tabouret", primary_category=stools)
    MakerFactory(primary_category=stools)
    ProductFactory(category=stools)  # its maker makes a third one
    change_page = operator_client.get(reverse("admin:catalog_category_change", args=[stools.pk]))
    assert reverse("admin:catalog_category_merge", args=[stools.pk]) in change_page.content.decode()

    form = merge_page(operator_client, stools)
    assert form.status_code == 200
    targets = {
        choice.instance.slug
        for choice, _label in form.context["form"]["target"].field.choices
        if choice
    }
    assert "t-chairs" in targets and "t-stools" not in targets and "t-bar-stools" not in targets

    preview = merge_page(operator_client, stools, {"target": chairs.pk})
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert (plan.makers, plan.products, plan.subcategories) == (2, 1, 1)
    assert Category.objects.filter(pk=stools.pk).exists()  # nothing moved yet

    done = merge_page(operator_client, stools, {"target": chairs.pk, "confirm": "1"})
    assert done["Location"] == reverse("admin:catalog_category_change", args=[chairs.pk])
    assert not Category.objects.filter(pk=stools.pk).exists()
    assert client.get("/categories/t-stools/").status_code == 301


def test_the_merge_action_leads_to_the_merge_page_of_one_category(operator_client, tree):
    _furniture, stools, chairs, _bar_stools = tree
    url = reverse("admin:catalog_category_changelist")

    response = operator_client.post(url, {"action": "merge_into", "_selected_action": [stools.pk]})
    assert response["Location"] == reverse("admin:catalog_category_merge", args=[stools.pk])

    response = operator_client.post(
        url, {"action": "merge_into", "_selected_action": [stools.pk, chairs.pk]}, follow=True
    )
    assert escape(gettext("Choose one category to merge at a time.")) in response.content.decode()


def test_a_refused_merge_says_why_with_a_4xx(operator_client, tree):
    furniture, _stools, _chairs, bar_stools = tree

    response = merge_page(operator_client, furniture, {"target": bar_stools.pk, "confirm": "1"})

    assert response.status_code == 400
    assert response.context["form"].errors["target"]
    assert Category.objects.filter(pk=furniture.pk).exists()


def test_only_operators_may_merge(client, django_user_model, tree):
    _furniture, stools, chairs, _bar_stools = tree
    url = reverse("admin:catalog_category_merge", args=[stools.pk])
    visitor = django_user_model.objects.create_user("maker", "maker@example.org", "x")
    staff = django_user_model.objects.create_user("staff", "staff@example.org", "x", is_staff=True)

    assert client.post(url, {"target": chairs.pk, "confirm": "1"}).status_code == 302
    client.force_login(visitor)
    assert client.post(url, {"target": chairs.pk, "confirm": "1"}).status_code == 302
    client.force_login(staff)  # staff without the rights on categories
    assert client.post(url, {"target": chairs.pk, "confirm": "1"}).status_code == 403
    assert Category.objects.filter(pk=stools.pk).exists()


def test_a_heritage_page_of_the_source_lists_the_target_once(merge, tree):
    _furniture, stools, chairs, _bar_stools = tree
    both = KnowHow.objects.create(slug="t-chaisiers", title_fr="Les chaisiers")
    both.categories.set([stools, chairs])
    only_source = KnowHow.objects.create(slug="t-tabouretiers", title_fr="Les tabouretiers")
    only_source.categories.set([stools])

    merge(stools, chairs)

    assert list(both.categories.all()) == [chairs]
    assert list(only_source.categories.all()) == [chairs]


def test_the_merge_leaves_listing_and_indexing_to_the_worker(
    client, operator, django_capture_on_commit_callbacks
):
    furniture = CategoryFactory(slug="t-furniture")
    stools = CategoryFactory(slug="t-stools", parent=furniture)
    seating = CategoryFactory(slug="t-seating")
    chairs = CategoryFactory(slug="t-chairs", parent=seating)
    maker = MakerFactory(name="Atelier Tabouret", primary_category=stools)

    with django_capture_on_commit_callbacks() as queued:
        category_merge(source=stools, target=chairs, actor=operator)
        # In the operator's request: the maker's own link moved, nothing re-indexed yet.
        assert links(maker) == {"t-chairs": True, "t-furniture": False}
        assert names(client.get("/api/v1/search", {"category": "t-chairs"})) == []

    assert len(queued) == 1
    queued[0]()  # once committed, the worker's turn
    assert links(maker) == {"t-chairs": True, "t-seating": False}
    assert names(client.get("/api/v1/search", {"category": "t-seating"})) == ["Atelier Tabouret"]
    seating.refresh_from_db(), furniture.refresh_from_db()
    assert (seating.published_maker_count, furniture.published_maker_count) == (1, 0)


def test_the_worker_lists_and_indexes_the_moved_makers_a_chunk_at_a_time(
    client, merge, tree, monkeypatch
):
    _furniture, stools, chairs, _bar_stools = tree
    makers = [MakerFactory(name=f"Atelier {n}", primary_category=stools) for n in range(5)]
    monkeypatch.setattr(category_relist, "RELIST_CHUNK", 2)
    monkeypatch.setattr(tasks, "RELIST_CHUNK", 2)
    indexed: list[list[int]] = []
    index = category_relist.search_index_makers

    def index_spied(*, maker_ids):
        indexed.append(list(maker_ids))
        index(maker_ids=maker_ids)

    monkeypatch.setattr(category_relist, "search_index_makers", index_spied)

    merge(stools, chairs)

    assert [len(chunk) for chunk in indexed] == [2, 2, 1]
    assert sorted(pk for chunk in indexed for pk in chunk) == sorted(m.pk for m in makers)
    response = client.get("/api/v1/search", {"category": "t-chairs"})
    assert names(response) == sorted(maker.name for maker in makers)


def test_each_moved_maker_s_history_says_its_categories_changed(merge, operator, tree):
    _furniture, stools, chairs, _bar_stools = tree
    lamps = CategoryFactory(slug="t-lamps", name_fr="Luminaires")
    main = MakerFactory(primary_category=stools)
    other = MakerFactory(primary_category=lamps, others=[stools])
    elsewhere = MakerFactory(primary_category=lamps)

    merge(stools, chairs)

    main_entry = maker_history(maker=main)[0]
    assert main_entry.title == gettext("Categories changed") and main_entry.by_operator
    entry = LogEntry.objects.filter(object_id=main.pk, additional_data__action="maker.categories")
    assert entry.get().changes["primary_category"] == [
        {"fr": "Tabourets", "en": stools.name_en},
        {"fr": "Chaises", "en": chairs.name_en},
    ]
    entry = LogEntry.objects.get(object_id=other.pk, additional_data__action="maker.categories")
    assert [[c["fr"] for c in names] for names in entry.changes["other_categories"]] == [
        ["Tabourets"],
        ["Chaises"],
    ]
    assert "primary_category" not in entry.changes
    assert entry.actor == operator
    assert not LogEntry.objects.filter(
        object_id=elsewhere.pk, additional_data__action="maker.categories"
    ).exists()


def test_what_a_source_said_of_the_source_category_names_the_target(merge, operator, tree):
    _furniture, stools, chairs, _bar_stools = tree
    lamps = CategoryFactory(slug="t-lamps")
    source = Source.objects.create(slug="t-annuaire", name="Annuaire", kind="csv")
    # Its team moved it to lamps; the source still says stools, which waits as a proposal.
    maker = MakerFactory(
        primary_category=lamps,
        source=source,
        source_key="1",
        source_values={"primary_category": stools.pk, "tagline": "Du fichier"},
    )
    proposal = SourceProposal.objects.create(
        maker=maker, source=source, changes={"primary_category": stools.pk}
    )

    merge(stools, chairs)

    maker.refresh_from_db()
    assert maker.source_values == {"primary_category": chairs.pk, "tagline": "Du fichier"}
    source_proposal_apply(proposal=proposal, operator=operator, fields=["primary_category"])
    maker.refresh_from_db()
    assert maker.primary_category == chairs


def test_trades_leading_to_the_source_lead_to_the_target(merge, tree):
    _furniture, stools, chairs, _bar_stools = tree
    trade_save(trade=Trade(language="fr", word="tabouretier", category_name="tabourets"))
    trade_save(trade=Trade(language="en", word="stoolmaker", category_name=stools.name_en))

    merge(stools, chairs)

    assert dict(Trade.objects.values_list("word", "category_name")) == {
        "tabouretier": "Chaises",
        "stoolmaker": chairs.name_en,
    }
