"""Operators manage categories and labels in both languages, move categories within three
levels, and are told to merge a category still in use instead of deleting it."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from localiste.catalog.models import Category, Label
from localiste.catalog.services import category_in_use_message
from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers.models import MakerCategory
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def category_form(**fields) -> dict:
    return {
        "name_fr": "Tonnellerie",
        "name_en": "Cooperage",
        "slug": "t-tonnellerie",
        "description_fr": "Fûts et barriques.",
        "description_en": "Casks and barrels.",
        "icon": "barrel",
        "position": "3",
        **fields,
    }


def shown(message: str) -> str:
    """`message` as a page in the site's language (French) shows it."""
    return escape(gettext(message))


def test_an_operator_creates_a_category_with_both_names_under_a_parent(operator_client):
    parent = CategoryFactory(slug="t-bois")
    response = operator_client.post(
        reverse("admin:catalog_category_add"), category_form(parent=str(parent.pk))
    )

    assert response.status_code == 302
    category = Category.objects.get(slug="t-tonnellerie")
    assert (category.parent, category.depth, category.icon) == (parent, 2, "barrel")
    with translation.override("en"):
        assert (category.name, category.description) == ("Cooperage", "Casks and barrels.")
    with translation.override("fr"):
        assert (category.name, category.description) == ("Tonnellerie", "Fûts et barriques.")


def test_a_fourth_level_is_refused_with_a_translated_message(operator_client):
    top = CategoryFactory(slug="t-top")
    middle = CategoryFactory(slug="t-middle", parent=top)
    bottom = CategoryFactory(slug="t-bottom", parent=middle)

    response = operator_client.post(
        reverse("admin:catalog_category_add"), category_form(parent=str(bottom.pk))
    )

    assert response.status_code == 200
    depth_error = shown("Categories are at most %(depth)d levels deep.") % {"depth": 3}
    assert depth_error in response.content.decode()
    assert not Category.objects.filter(slug="t-tonnellerie").exists()


def test_a_category_with_sub_categories_cannot_be_moved_too_deep(operator_client):
    top, other_top = CategoryFactory(slug="t-top"), CategoryFactory(slug="t-other")
    middle = CategoryFactory(slug="t-middle", parent=top)
    CategoryFactory(slug="t-bottom", parent=middle)
    other_middle = CategoryFactory(slug="t-other-middle", parent=other_top)

    response = operator_client.post(
        reverse("admin:catalog_category_change", args=[middle.pk]),
        category_form(slug="t-middle", parent=str(other_middle.pk)),
    )

    assert response.status_code == 200
    depth_error = shown(
        "Categories are at most %(depth)d levels deep: there, the sub-categories of this one "
        "would be deeper."
    ) % {"depth": 3}
    assert depth_error in response.content.decode()
    middle.refresh_from_db()
    assert middle.parent == top


def test_a_moved_category_lists_its_makers_under_its_new_parent(
    client, operator_client, django_capture_on_commit_callbacks
):
    wood, music = CategoryFactory(slug="t-wood"), CategoryFactory(slug="t-music")
    violins = CategoryFactory(slug="t-violins", parent=wood)
    maker = MakerFactory(name="Atelier Archet", primary_category=violins)
    wood.refresh_from_db()
    assert wood.published_maker_count == 1

    with django_capture_on_commit_callbacks() as queued:
        response = operator_client.post(
            reverse("admin:catalog_category_change", args=[violins.pk]),
            category_form(slug="t-violins", name_fr="Violons", parent=str(music.pk)),
        )
        # The request moves the category only: listing its makers again is the worker's.
        assert client.get("/api/v1/search", {"category": "t-music"}).json()["results"] == []

    assert response.status_code == 302
    # Once committed: the typical distances it inherits are read again, and the worker's turn.
    assert len(queued) == 2
    for callback in queued:
        callback()
    wood.refresh_from_db(), music.refresh_from_db()
    assert (wood.published_maker_count, music.published_maker_count) == (0, 1)
    assert set(MakerCategory.objects.filter(maker=maker).values_list("category", flat=True)) == {
        violins.pk,
        music.pk,
    }
    hits = client.get("/api/v1/search", {"category": "t-music"}).json()["results"]
    assert [hit["name"] for hit in hits] == ["Atelier Archet"]
    assert client.get("/api/v1/search", {"category": "t-wood"}).json()["results"] == []


def test_a_new_slug_keeps_the_old_address_working(client, operator_client):
    category = CategoryFactory(slug="t-old-slug")
    operator_client.post(
        reverse("admin:catalog_category_change", args=[category.pk]),
        category_form(slug="t-new-slug"),
    )

    response = client.get("/categories/t-old-slug/", {"page": "2"})

    assert response.status_code == 301
    assert response["Location"] == "/categories/t-new-slug/?page=2"
    assert client.get("/categories/t-old-slug/")["Location"] == "/categories/t-new-slug/"


def test_a_label_is_managed_with_both_names(operator_client):
    response = operator_client.post(
        reverse("admin:catalog_label_add"),
        {
            "name_fr": "Atelier d'art",
            "name_en": "Art workshop",
            "slug": "t-atelier-art",
            "description_fr": "Reconnu.",
            "description_en": "Recognised.",
            "website": "https://example.org",
        },
    )

    assert response.status_code == 302
    label = Label.objects.get(slug="t-atelier-art")
    with translation.override("en"):
        assert label.name == "Art workshop"
    url = reverse("admin:catalog_label_delete", args=[label.pk])
    assert operator_client.post(url, {"post": "yes"}).status_code == 302
    assert not Label.objects.filter(pk=label.pk).exists()


def test_deleting_a_category_in_use_says_to_merge_it_instead(operator_client):
    used = CategoryFactory(slug="t-used")
    MakerFactory(primary_category=used)

    response = operator_client.post(
        reverse("admin:catalog_category_delete", args=[used.pk]), {"post": "yes"}, follow=True
    )

    assert Category.objects.filter(pk=used.pk).exists()
    assert escape(category_in_use_message()) in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:catalog_category_change", args=[used.pk]
    )


def test_deleting_a_label_in_use_says_why(operator_client):
    label = LabelFactory()
    MakerFactory(labels=[label])

    response = operator_client.post(
        reverse("admin:catalog_label_delete", args=[label.pk]), {"post": "yes"}, follow=True
    )

    assert Label.objects.filter(pk=label.pk).exists()
    assert response.redirect_chain[-1][0] == reverse("admin:catalog_label_change", args=[label.pk])


def test_a_new_category_may_take_back_an_old_address_with_a_warning(client, operator_client):
    category = CategoryFactory(slug="t-old-slug", name_fr="Fûts")
    change_url = reverse("admin:catalog_category_change", args=[category.pk])
    renamed = operator_client.post(change_url, category_form(slug="t-new-slug"), follow=True)
    assert not [m for m in renamed.context["messages"] if m.level == messages.WARNING]

    added = operator_client.post(
        reverse("admin:catalog_category_add"),
        category_form(slug="t-old-slug", name_en="Casks"),
        follow=True,
    )

    warnings = [str(m) for m in added.context["messages"] if m.level == messages.WARNING]
    assert warnings == [
        gettext(
            "The address %(address)s led to “%(other)s” (a category merged or renamed "
            "earlier): old links to that address now lead here."
        )
        % {"address": "/categories/t-old-slug/", "other": "Tonnellerie"}
    ]

    response = client.get("/categories/t-old-slug/")
    assert response.status_code == 200
    assert response.context["category"].name_en == "Casks"
    assert client.get("/categories/t-new-slug/").context["category"] == category


def test_the_merge_action_is_offered_only_to_who_may_also_delete_categories(
    client, django_user_model
):
    CategoryFactory(slug="t-stools")
    staff = django_user_model.objects.create_user("staff", "staff@example.org", "x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="catalog", codename__in=["view_category", "change_category"]
        )
    )
    client.force_login(staff)
    url = reverse("admin:catalog_category_changelist")

    def actions() -> set[str]:
        response = client.get(url)
        assert response.status_code == 200
        form = response.context["action_form"]  # None when no action is offered
        return {name for name, _label in form.fields["action"].choices} if form else set()

    assert "merge_into" not in actions()
    staff.user_permissions.add(Permission.objects.get(codename="delete_category"))
    assert "merge_into" in actions()
