"""Merging two listings of one maker: the richer data kept, nothing lost, old addresses 301."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation

from localiste.accounts.tests.factories import UserFactory
from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers.models import (
    Claim,
    DuplicateCandidate,
    Maker,
    MakerRevision,
    Membership,
    Photo,
    Product,
    Report,
    SlugRedirect,
)
from localiste.makers.services.editing import EditConflict
from localiste.makers.services.merge import maker_merge, merge_conflicts
from localiste.makers.tests.factories import (
    MakerFactory,
    OpeningPeriodFactory,
    PhotoFactory,
    ProductFactory,
    SalesPointFactory,
)
from localiste.messaging.models import ContactMessage
from localiste.metrics.models import DailyCount
from localiste.search.models import SearchEntry

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def message(maker: Maker, body: str) -> ContactMessage:
    return ContactMessage.objects.create(
        maker=maker, sender_name="Cliente", sender_email="cliente@example.org", body=body
    )


def count(maker: Maker, day: datetime.date, views: int, kind="maker.view") -> None:
    DailyCount.objects.create(kind=kind, object_id=maker.pk, day=day, count=views)


@pytest.fixture
def twins():
    """Two listings of one maker, each holding what the other lacks, and a third one."""
    survivor = MakerFactory(
        name="Atelier Dupont",
        tagline="",
        phone="05 56 12 34 56",
        email="contact@dupont.fr",
        offers_workshop_visits=True,
        payment_methods=["card"],
        languages_spoken=["fr", "en"],
    )
    absorbed = MakerFactory(
        name="Atelier Dupond",
        tagline="Sacs en cuir cousus main",
        phone="06 12 34 56 78",
        email="",
        website="https://dupont-cuir.fr",
        siret="38012986600018",
        offers_shipping=True,
        offers_visits_by_appointment=True,
        payment_methods=["cheque", "cash"],
        languages_spoken=["es"],
        workshop_access="step_free",
        others=[CategoryFactory()],
        labels=[LabelFactory()],
    )
    products = {survivor: ["Sac besace", "Ceinture"], absorbed: ["Sac besace", "Portefeuille"]}
    for maker, names in products.items():
        for position, name in enumerate(names):
            slug = name.lower().replace(" ", "-")
            product = ProductFactory(maker=maker, name=name, slug=slug, position=position)
            PhotoFactory(maker=maker, product=product, kind=Photo.Kind.PRODUCT)
        PhotoFactory(maker=maker, kind=Photo.Kind.LOGO, alt_text=f"Logo {maker.name}")
        PhotoFactory(maker=maker, kind=Photo.Kind.GALLERY)
    PhotoFactory(maker=absorbed, kind=Photo.Kind.COVER)
    PhotoFactory(maker=absorbed, kind=Photo.Kind.GALLERY)
    OpeningPeriodFactory(maker=absorbed)
    SalesPointFactory(maker=survivor, name="Marché des Capucins")
    SalesPointFactory(maker=absorbed, name="Marché des capucins")  # the same market
    SalesPointFactory(maker=absorbed, name="Boutique Fil & Co")
    for body in ("Bonjour", "Un devis ?"):
        message(survivor, body)
    for body in ("Bonjour", "Livrez-vous ?", "Merci"):
        message(absorbed, body)
    count(survivor, DAY, 5)
    count(absorbed, DAY, 7)
    count(absorbed, DAY + datetime.timedelta(days=1), 2)
    count(absorbed, DAY, 1, kind="maker.contact")
    count(absorbed, DAY, 40, kind="search.other")  # not the maker's: stays
    both, owner, manager = UserFactory(), UserFactory(), UserFactory()
    Membership.objects.create(user=both, maker=survivor, role=Membership.Role.MANAGER)
    Membership.objects.create(user=both, maker=absorbed, role=Membership.Role.OWNER)
    Membership.objects.create(user=owner, maker=survivor, role=Membership.Role.OWNER)
    Membership.objects.create(user=manager, maker=absorbed, role=Membership.Role.MANAGER)
    Claim.objects.create(maker=absorbed, user=UserFactory(), status=Claim.Status.REQUESTED)
    Report.objects.create(maker=absorbed, reason=Report.Reason.DUPLICATE)
    MakerRevision.objects.create(maker=absorbed, changes={"street": "3 rue Neuve"})
    SlugRedirect.objects.create(old_slug="atelier-dupond-ancien", maker=absorbed)
    third = MakerFactory(name="Cuirs du Sud", siret="38012986600018", latitude=43.6)
    DuplicateCandidate.objects.create(maker=survivor, other=absorbed, signals=["name_nearby"])
    DuplicateCandidate.objects.create(
        maker=absorbed, other=third, signals=["siret"], status=DuplicateCandidate.Status.DISMISSED
    )
    survivor.refresh_from_db()
    absorbed.refresh_from_db()
    return survivor, absorbed, third, {"both": both, "owner": owner, "manager": manager}


def merge(survivor, absorbed, operator, **choices):
    return maker_merge(
        survivor=survivor,
        absorbed=absorbed,
        choices=choices,
        operator=operator,
        survivor_version=survivor.version,
        absorbed_version=absorbed.version,
    )


def test_conflicts_are_the_fields_both_fill_differently(twins):
    survivor, absorbed, _third, _people = twins

    listed = merge_conflicts(survivor=survivor, absorbed=absorbed)
    conflicts = {conflict.field: conflict for conflict in listed}

    assert [conflict.field for conflict in listed] == ["name", "phone", "primary_category", "logo"]
    assert (conflicts["phone"].survivor_text, conflicts["phone"].absorbed_text) == (
        "05 56 12 34 56",
        "06 12 34 56 78",
    )
    assert conflicts["logo"].absorbed.alt_text == "Logo Atelier Dupond"
    assert conflicts["primary_category"].absorbed == absorbed.primary_category
    # A field only one of them fills is no conflict: the filled one is kept.
    assert not {"tagline", "email", "website", "siret", "hours", "cover"} & set(conflicts)


def test_a_merge_loses_no_product_photo_message_or_statistic(
    twins, operator, django_capture_on_commit_callbacks
):
    survivor, absorbed, third, people = twins
    absorbed_id, version = absorbed.pk, survivor.version
    products = Product.objects.filter(maker__in=[survivor, absorbed]).count()
    photos = list(Photo.objects.filter(maker__in=[survivor, absorbed]))
    messages = ContactMessage.objects.filter(maker__in=[survivor, absorbed]).count()
    views = sum(DailyCount.objects.filter(kind="maker.view").values_list("count", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        merged = merge(survivor, absorbed, operator, phone="absorbed", logo="absorbed")

    assert not Maker.objects.filter(pk=absorbed_id).exists()
    assert merged.products.count() == products == 4
    slugs = sorted(merged.products.values_list("slug", flat=True))
    assert slugs == ["ceinture", "portefeuille", "sac-besace", "sac-besace-2"]
    assert merged.photos.count() == len(photos) == 10
    for photo in photos:
        assert default_storage.exists(photo.image.name)  # shared files stay
    assert ContactMessage.objects.filter(maker=merged).count() == messages == 5
    by_day = dict(
        DailyCount.objects.filter(object_id=merged.pk, kind="maker.view").values_list(
            "day", "count"
        )
    )
    assert by_day == {DAY: 12, DAY + datetime.timedelta(days=1): 2}
    assert sum(by_day.values()) == views
    assert DailyCount.objects.get(object_id=merged.pk, kind="maker.contact").count == 1
    assert DailyCount.objects.filter(object_id=absorbed_id).count() == 1  # not a maker's counter

    # Field by field: filled beats empty, the operator's choice where both are filled.
    assert merged.name == "Atelier Dupont"
    assert merged.tagline == "Sacs en cuir cousus main"
    assert merged.phone == "06 12 34 56 78"
    assert (merged.email, merged.website) == ("contact@dupont.fr", "https://dupont-cuir.fr")
    assert merged.siret == "38012986600018"
    assert merged.offers_workshop_visits and merged.offers_shipping
    # What the workshop states adds up; a stated access beats "not stated".
    assert merged.offers_visits_by_appointment
    assert merged.payment_methods == ["cash", "cheque", "card"]
    assert merged.languages_spoken == ["fr", "en", "es"]
    assert merged.workshop_access == "step_free"
    assert merged.labels.count() == 1
    assert merged.category_links.filter(is_direct=True).count() == 3
    # The absorbed logo was chosen; the other one is in the gallery, not gone.
    logo = merged.photos.get(kind=Photo.Kind.LOGO)
    assert logo.alt_text == "Logo Atelier Dupond"
    assert merged.photos.filter(kind=Photo.Kind.GALLERY, alt_text="Logo Atelier Dupont").exists()
    assert merged.photos.filter(kind=Photo.Kind.COVER).count() == 1
    assert merged.opening_periods.count() == 1
    assert sorted(merged.sales_points.values_list("name", flat=True)) == [
        "Boutique Fil & Co",
        "Marché des Capucins",
    ]

    # The team: everyone on it, each with the higher of their roles.
    roles = dict(merged.memberships.values_list("user", "role"))
    assert roles == {
        people["both"].pk: Membership.Role.OWNER,
        people["owner"].pk: Membership.Role.OWNER,
        people["manager"].pk: Membership.Role.MANAGER,
    }
    assert merged.claims.count() == merged.reports.count() == 1
    assert merged.revisions.get().changes == {"street": "3 rue Neuve"}
    # The dismissed suspicion stays dismissed for the merged listing.
    assert (
        DuplicateCandidate.objects.get(maker=merged, other=third).status
        == DuplicateCandidate.Status.DISMISSED
    )
    assert set(SearchEntry.objects.filter(source="makers").values_list("object_id", flat=True)) == {
        merged.pk,
        third.pk,
    }
    assert merged.version == version + 1  # an edit started before the merge is refused


def test_old_addresses_answer_301_to_the_survivor(twins, operator, client):
    survivor, absorbed, _third, _people = twins
    old_product = absorbed.products.get(slug="portefeuille")
    merged = merge(survivor, absorbed, operator)

    for old, new in [
        (f"/fabricants/{absorbed.slug}/", f"/fabricants/{merged.slug}/"),
        ("/fabricants/atelier-dupond-ancien/", f"/fabricants/{merged.slug}/"),
        (f"/en/fabricants/{absorbed.slug}/", f"/en/fabricants/{merged.slug}/"),
        (
            f"/fabricants/{absorbed.slug}/produits/{old_product.slug}/",
            f"/fabricants/{merged.slug}/produits/portefeuille/",
        ),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        assert client.get(new).status_code == 200
    assert client.get("/fabricants/jamais-existe/").status_code == 404
    assert SlugRedirect.objects.filter(maker=merged).count() == 2


def test_an_old_address_leading_to_a_hidden_listing_is_not_found(twins, operator, client):
    survivor, absorbed, _third, _people = twins
    merged = merge(survivor, absorbed, operator)
    Maker.objects.filter(pk=merged.pk).update(status=Maker.Status.SUSPENDED)

    assert client.get(f"/fabricants/{absorbed.slug}/").status_code == 404


def test_a_listing_saved_since_the_operator_compared_them_is_not_merged(twins, operator):
    survivor, absorbed, _third, _people = twins
    seen = absorbed.version
    Maker.objects.filter(pk=absorbed.pk).update(version=seen + 1, tagline="Changed meanwhile")

    with pytest.raises(EditConflict):
        merge(survivor, absorbed, operator)

    assert Maker.objects.filter(pk=absorbed.pk).exists()
    assert Product.objects.filter(maker=absorbed).count() == 2
    assert not SlugRedirect.objects.filter(old_slug=absorbed.slug).exists()


def test_a_pending_listing_merged_into_from_a_public_one_stays_public(operator, client):
    public = MakerFactory(name="Verrerie Lumen", siret="38012986600018")
    pending = MakerFactory(name="Verrerie Lumen", status=Maker.Status.PENDING, story="Nouveau")

    merged = maker_merge(
        survivor=pending,
        absorbed=public,
        choices={"story": "survivor"},
        operator=operator,
        survivor_version=pending.version,
        absorbed_version=public.version,
    )

    assert merged.status == Maker.Status.PUBLISHED and merged.published_at == public.published_at
    assert merged.story == "Nouveau"
    assert client.get(f"/fabricants/{public.slug}/")["Location"] == f"/fabricants/{merged.slug}/"


def test_both_pending_changes_are_kept_for_review(operator):
    survivor, absorbed = MakerFactory(), MakerFactory(latitude=44.0)
    MakerRevision.objects.create(maker=survivor, changes={"name": "Nom proposé"})
    MakerRevision.objects.create(maker=absorbed, changes={"name": "Autre", "street": "1 rue A"})

    merged = merge(survivor, absorbed, operator)

    pending = merged.revisions.get(status=MakerRevision.Status.PENDING)
    assert pending.changes == {"name": "Nom proposé", "street": "1 rue A"}
    assert merged.revisions.filter(status=MakerRevision.Status.REJECTED).count() == 1


def test_a_merge_beyond_what_a_page_holds_is_refused(settings, operator):
    settings.MAX_PRODUCTS_PER_MAKER = 3
    survivor, absorbed = MakerFactory(), MakerFactory(latitude=44.0)
    for maker in (survivor, absorbed):
        ProductFactory.create_batch(2, maker=maker)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        merge(survivor, absorbed, operator)

    assert "4 products" in str(refused.value) and "(3)" in str(refused.value)
    assert Maker.objects.filter(pk=absorbed.pk).exists()


def test_a_listing_is_not_merged_with_itself_nor_with_a_bad_choice(operator):
    maker, other = MakerFactory(), MakerFactory(name="Autre nom", latitude=44.0)

    with pytest.raises(ValidationError):
        merge(maker, maker, operator)
    with pytest.raises(ValidationError):
        merge(maker, other, operator, name="both")
    assert Maker.objects.count() == 2


def test_a_public_listing_is_not_merged_into_a_suspended_one(operator):
    public = MakerFactory(name="Verrerie Lumen")
    suspended = MakerFactory(name="Verrerie Lumen", status=Maker.Status.SUSPENDED, latitude=44.0)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        merge(suspended, public, operator)

    assert "keep the public one" in str(refused.value)
    assert Maker.objects.get(pk=public.pk).is_published
