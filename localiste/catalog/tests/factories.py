"""Factories for the taxonomy: categories (a tree) and labels."""

import factory

from localiste.catalog.models import Category, Label


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    icon = "shirt"
    description_fr = "Des objets faits à la main."
    description_en = "Handmade goods."
    position = factory.Sequence(lambda n: n)


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label
        django_get_or_create = ("slug",)

    name_fr = factory.Sequence(lambda n: f"Label {n}")
    name_en = factory.Sequence(lambda n: f"Label {n}")
    slug = factory.Sequence(lambda n: f"label-{n}")
    description_fr = "Un savoir-faire reconnu."
    description_en = "A recognised know-how."
