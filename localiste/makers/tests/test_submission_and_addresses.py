"""What a submission sets going, and the addresses a new listing may not take."""

import pytest

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers import services
from localiste.makers.models import DuplicateCandidate, Maker, SlugRedirect
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def test_a_submitted_listing_is_compared_with_the_others_once_it_is_saved(
    django_user_model, django_capture_on_commit_callbacks
):
    existing = MakerFactory(name="Atelier Dupont", siret="73282932000074")
    lucie = django_user_model.objects.create_user("lucie@example.org", "lucie@example.org")
    draft = services.maker_start(
        user=lucie,
        name="Dupont Créations",
        primary_category=existing.primary_category,
        eligibility={"makes_own_work": True, "in_territory": True, "non_food": True},
        siret="73282932000074",
    )
    Maker.objects.filter(pk=draft.pk).update(
        story="Je fabrique des meubles en chêne massif dans mon atelier. " * 3,
        latitude=44.8,
        longitude=-0.57,
    )
    draft.refresh_from_db()
    services.photo_add(
        maker=draft,
        editor=lucie,
        upload=uploads.upload(uploads.image_bytes(400, 300)),
        kind="gallery",
        alt_text="L'atelier",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.maker_submit(maker=draft, editor=lucie)
    [pair] = DuplicateCandidate.objects.all()
    assert {pair.maker_id, pair.other_id} == {existing.pk, draft.pk}
    assert "siret" in pair.signals


def test_a_listing_an_operator_publishes_is_compared_with_the_others_too(
    admin_user, django_capture_on_commit_callbacks
):
    existing = MakerFactory(name="Poterie du Lac", phone="05 56 12 34 56")
    entered = services.maker_create(
        name="La Poterie du Lac",
        primary_category=existing.primary_category,
        phone="+33 5 56 12 34 56",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.maker_publish(maker=entered, operator=admin_user)
    [pair] = DuplicateCandidate.objects.all()
    assert {pair.maker_id, pair.other_id} == {existing.pk, entered.pk}
    assert "phone" in pair.signals


def test_a_new_listing_never_takes_an_address_that_redirects():
    survivor = MakerFactory(name="Atelier Lune")
    SlugRedirect.objects.create(old_slug="atelier-soleil", maker=survivor)
    newcomer = services.maker_create(name="Atelier Soleil", primary_category=CategoryFactory())
    assert newcomer.slug == "atelier-soleil-2"
