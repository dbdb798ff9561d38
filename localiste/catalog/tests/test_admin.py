"""Operators change the taxonomy in the admin; listings follow, and nothing in use is deleted."""

import pytest
from django.urls import reverse

from localiste.catalog.models import Category, Label
from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def found(client, text: str) -> list[str]:
    return [hit["name"] for hit in client.get("/api/v1/search", {"q": text}).json()["results"]]


def test_a_renamed_category_finds_its_makers_by_the_new_name(client, operator_client):
    category = CategoryFactory(slug="t-luth", name_fr="Lutherie", name_en="Lutherie")
    MakerFactory(name="Atelier Corde", primary_category=category)
    assert found(client, "violons") == []
    url = reverse("admin:catalog_category_change", args=[category.pk])
    response = operator_client.post(
        url,
        {
            "slug": "t-luth",
            "name_fr": "Violons et violoncelles",
            "name_en": "Violins and cellos",
            "position": "0",
        },
    )
    assert response.status_code == 302
    assert found(client, "violons") == ["Atelier Corde"]
    assert found(client, "lutherie") == []


def test_a_category_or_label_in_use_cannot_be_deleted(operator_client):
    used, unused = CategoryFactory(), CategoryFactory()
    label = LabelFactory()
    MakerFactory(primary_category=used, labels=[label])
    for model, obj in (("category", used), ("label", label)):
        url = reverse(f"admin:catalog_{model}_delete", args=[obj.pk])
        response = operator_client.post(url, {"post": "yes"})
        assert response["Location"] == reverse(f"admin:catalog_{model}_change", args=[obj.pk])
    assert Label.objects.filter(pk=label.pk).exists()
    url = reverse("admin:catalog_category_delete", args=[unused.pk])
    assert operator_client.post(url, {"post": "yes"}).status_code == 302
    assert set(Category.objects.filter(pk__in=[used.pk, unused.pk])) == {used}
