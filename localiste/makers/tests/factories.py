"""Factories for makers and what they offer.

MakerFactory goes through makers.services, so that a maker is listed in its categories
(MakerCategory rows, ancestors included) and counted in them when published, exactly as
on the real site.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.models import Maker, OpeningPeriod, Photo, Product, SalesPoint
from localiste.makers.services import maker_create, maker_publish


class MakerFactory(factory.django.DjangoModelFactory):
    """A published maker in Bordeaux; pass status=… for another, others=[…] for more categories."""

    class Meta:
        model = Maker

    name = factory.Sequence(lambda n: f"Atelier {n}")
    tagline = "Sacs en cuir cousus main"
    story = "Tout a commencé dans un **garage** à Bègles."
    know_how = "Cuir tanné végétal, couture au point sellier."
    primary_category = factory.SubFactory(CategoryFactory)
    street = "12 rue des Argentiers"
    postcode = "33000"
    locality = "Bordeaux"
    latitude = 44.8378
    longitude = -0.5792
    status = Maker.Status.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        status = kwargs.pop("status")
        others = kwargs.pop("others", ())
        published_at = kwargs.pop("published_at", None)
        labels = kwargs.pop("labels", ())
        maker = maker_create(
            name=kwargs.pop("name"),
            primary_category=kwargs.pop("primary_category"),
            others=others,
            **kwargs,
        )
        if labels:
            maker.labels.set(labels)
        if status == Maker.Status.PUBLISHED:
            maker.published_at = published_at or timezone.now()
            maker_publish(maker=maker)
        elif status != Maker.Status.DRAFT:
            maker.status = status
            maker.save(update_fields=["status"])
        return maker


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    maker = factory.SubFactory(MakerFactory)
    name = factory.Sequence(lambda n: f"Sac besace {n}")
    slug = factory.Sequence(lambda n: f"sac-besace-{n}")
    description = "Un sac de tous les jours."
    materials = "Cuir de vachette"
    price_kind = Product.PriceKind.FIXED
    price_min = Decimal("35")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    maker = factory.SubFactory(MakerFactory)
    kind = Photo.Kind.GALLERY
    image = factory.django.ImageField(width=12, height=8, color="olive")
    alt_text = factory.Sequence(lambda n: f"Photo de l'atelier {n}")


class OpeningPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningPeriod

    maker = factory.SubFactory(MakerFactory)
    weekday = OpeningPeriod.Weekday.TUESDAY
    opens = datetime.time(9, 0)
    closes = datetime.time(12, 30)


class SalesPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesPoint

    maker = factory.SubFactory(MakerFactory)
    kind = SalesPoint.Kind.MARKET
    name = "Marché des Capucins"
    locality = "Bordeaux"
    schedule = "Le samedi matin"
