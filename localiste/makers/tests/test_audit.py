"""The audit log: every write of a service is recorded, readable, and nothing else is."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers import services
from localiste.makers.audit import audit_actor, audit_entries, audit_entries_move, audit_record
from localiste.makers.models import Claim, Maker, Membership, OpeningPeriod, Photo, SalesPoint
from localiste.makers.selectors.history import maker_history
from localiste.makers.services.claims import claim_token
from localiste.makers.services.team import invitation_token
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lucie(django_user_model):
    return django_user_model.objects.create_user(
        "lucie@example.org", "lucie@example.org", first_name="Lucie", last_name="Martin"
    )


@pytest.fixture
def paul(django_user_model):
    return django_user_model.objects.create_user("paul@example.org", "paul@example.org")


@pytest.fixture
def listing(lucie):
    maker = MakerFactory(name="Atelier Lucie", phone="", offers_shipping=False)
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    return maker


def history(maker, language="en", **options):
    with translation.override(language):
        return maker_history(maker=maker, **options)


def rows(entry) -> dict:
    return {change.label: (change.before, change.after) for change in entry.changes}


def edit(maker, editor, **fields):
    maker.refresh_from_db()
    return services.maker_update(maker=maker, editor=editor, version=maker.version, fields=fields)


def test_an_edit_records_who_changed_what_from_what_to_what(listing, lucie):
    edit(listing, lucie, tagline="Sacs cousus main", phone="05 56 00 00 00", offers_shipping=True)

    [latest, *_earlier] = history(listing)
    assert latest.title == "Page edited"
    assert latest.who == "Lucie Martin"
    assert rows(latest) == {
        "tagline": ("Sacs en cuir cousus main", "Sacs cousus main"),
        "public phone": ("—", "05 56 00 00 00"),
        "shipping": ("no", "yes"),
    }
    assert history(listing, viewer=lucie)[0].who == "you"


def test_a_save_that_changes_nothing_records_nothing(listing, lucie):
    before = audit_entries(listing).count()
    edit(listing, lucie, tagline=listing.tagline, phone="")
    assert audit_entries(listing).count() == before


def test_a_refused_edit_leaves_no_entry(listing, lucie):
    before = audit_entries(listing).count()
    with pytest.raises(services.EditConflict):
        services.maker_update(
            maker=listing, editor=lucie, version=listing.version + 5, fields={"tagline": "Non"}
        )
    with pytest.raises(ValidationError):
        edit(listing, lucie, tagline="Refusé", siret="123")  # the entry rolls back with it
    assert audit_entries(listing).count() == before
    assert Maker.objects.get(pk=listing.pk).tagline == "Sacs en cuir cousus main"


def test_writes_made_with_update_are_recorded(listing, lucie, paul):
    product = ProductFactory(maker=listing, name="Besace")
    other = ProductFactory(maker=listing, name="Pochette")
    photos = [
        services.photo_add(
            maker=listing,
            editor=lucie,
            upload=uploads.upload(uploads.image_bytes(400, 300)),
            kind=Photo.Kind.GALLERY,
            alt_text=alt,
        )
        for alt in ("L'établi", "La vitrine")
    ]
    services.product_publish(product=product, editor=lucie, published=False)
    services.product_move(product=other, editor=lucie, offset=-1)
    services.photo_move(photo=photos[0], editor=lucie, offset=1)
    services.product_update(
        product=product,
        editor=lucie,
        version=product.version,  # moved on by product_publish
        fields={"price_min": Decimal("42.50")},
    )
    manager = Membership.objects.create(user=paul, maker=listing)
    services.ownership_transfer(maker=listing, owner=lucie, new_owner=manager)

    latest = history(listing)[:5]
    assert [entry.title for entry in latest] == [
        "Ownership handed over",
        "Product changed: Besace",
        "Photo moved: L'établi",
        "Product moved: Pochette",
        "Product hidden from the page: Besace",
    ]
    transfer, price, photo_move, product_move, hidden = latest
    assert rows(transfer) == {"owner": ("Lucie Martin", "paul@example.org")}
    assert rows(price) == {"price (from)": ("35", "42.50")}
    assert rows(photo_move) == {"position": ("1", "2")}
    assert rows(product_move) == {"position": ("2", "1")}
    assert rows(hidden) == {"published": ("yes", "no")}


def test_publishing_and_withdrawing_keep_the_status_and_the_reason(listing, operator):
    services.maker_withdraw(
        maker=listing, status=Maker.Status.SUSPENDED, operator=operator, reason="Photos volées"
    )
    services.maker_publish(maker=listing, operator=operator, reason="Photos remplacées")

    restored, suspended = history(listing)[:2]
    assert (suspended.title, suspended.reason) == ("Suspended", "Photos volées")
    assert rows(suspended) == {"status": ("published", "suspended")}
    assert (restored.title, restored.reason) == ("Restored", "Photos remplacées")
    assert rows(restored) == {"status": ("suspended", "published")}
    # The team reads "an operator"; the desk, who it was.
    assert history(listing, team_view=True)[0].who == "an operator"
    assert history(listing)[0].who == "ops@example.org (operator)"
    assert history(listing)[0].by_operator


def test_categories_and_labels_are_named_in_the_readers_language(listing, operator):
    cuir = CategoryFactory(name_fr="Maroquinerie", name_en="Leather goods", slug="maroquinerie")
    bijoux = CategoryFactory(name_fr="Bijoux", name_en="Jewellery", slug="bijoux")
    old_category = listing.primary_category
    services.maker_operator_update(
        maker=listing,
        operator=operator,
        version=listing.version,
        fields={},
        primary_category=cuir,
        others=[bijoux],
        labels=[LabelFactory(name_fr="Artisan d'art", name_en="Craftsperson")],
    )

    labels, categories = history(listing)[:2]
    assert categories.title == "Categories changed"
    assert rows(categories) == {
        "main category": (old_category.name_en, "Leather goods"),
        "other categories": ("—", "Jewellery"),
    }
    assert rows(labels) == {"labels": ("—", "Craftsperson")}
    french = [change.after for entry in history(listing, "fr")[:2] for change in entry.changes]
    assert sorted(french) == ["Artisan d'art", "Bijoux", "Maroquinerie"]


def test_opening_hours_and_places_to_buy_are_one_readable_change_each(listing, lucie):
    OpeningPeriod.objects.create(
        maker=listing, weekday=1, opens=datetime.time(9), closes=datetime.time(12, 30)
    )
    services.maker_practical_update(
        maker=listing,
        editor=lucie,
        version=listing.version,
        fields={},
        periods=[
            (5, datetime.time(10), datetime.time(18)),
            (1, datetime.time(9), datetime.time(12, 30)),
        ],
        sales_points=[
            {"kind": SalesPoint.Kind.MARKET, "name": "Marché des Capucins", "locality": "Bordeaux"}
        ],
    )

    places, hours = history(listing)[:2]
    assert hours.title == "Opening hours changed"
    assert rows(hours) == {
        "opening hours": ("Tuesday 09:00–12:30", "Tuesday 09:00–12:30; Saturday 10:00–18:00")
    }
    assert places.title == "Places to buy changed"
    assert rows(places) == {"where else to buy": ("—", "Marché des Capucins (market, Bordeaux)")}
    assert hours.who == places.who == "Lucie Martin"


def test_changes_waiting_for_review_are_recorded_as_proposed(listing, lucie):
    edit(listing, lucie, name="Atelier Lucie & Fils")

    [proposal, *_] = history(listing)
    assert proposal.title == "Changes sent for review"
    assert rows(proposal) == {"name": ("Atelier Lucie", "Atelier Lucie & Fils")}
    assert Maker.objects.get(pk=listing.pk).name == "Atelier Lucie"  # not live yet


def test_photos_added_described_and_removed(listing, lucie):
    photo = services.photo_add(
        maker=listing,
        editor=lucie,
        upload=uploads.upload(uploads.image_bytes(400, 300)),
        kind=Photo.Kind.GALLERY,
        alt_text="L'établi",
    )
    services.photo_update(
        photo=photo, editor=lucie, version=photo.version, alt_text="L'établi", caption="Au matin"
    )
    photo_id = photo.pk
    services.photo_delete(photo=photo, editor=lucie)

    removed, described, added = history(listing)[:3]
    assert added.title == "Photo added: L'établi"
    assert rows(added)["description for people who cannot see the image"] == ("—", "L'établi")
    assert rows(added)["kind"] == ("—", "gallery")
    assert rows(described) == {"caption": ("—", "Au matin")}
    assert removed.title == "Photo removed: L'établi"
    assert added.subject_type == "photo" and added.subject_id == photo_id  # for a thumbnail


def test_team_changes_name_the_people(listing, lucie, paul):
    invitation = services.invitation_send(
        maker=listing, inviter=lucie, email="paul@example.org", site_url="http://testserver"
    )
    membership = services.invitation_accept(invitation=invitation, user=paul)
    services.member_remove(membership=membership, editor=lucie)

    removed, joined, invited = history(listing, viewer=paul)[:3]
    assert invited.title == "Invitation sent"
    assert rows(invited) == {"invitation": ("—", "paul@example.org")}
    assert (joined.title, joined.who) == ("Joined the team", "you")
    assert rows(joined) == {"team member": ("—", "you"), "role": ("—", "manager")}
    assert (removed.title, rows(removed)["team member"]) == ("Removed from the team", ("you", "—"))
    paul.delete()  # an erased account leaves no name behind
    assert rows(history(listing)[0])["team member"] == ("a former team member", "—")
    assert history(listing)[1].who == "a deleted account"


def test_long_texts_are_summarised_as_what_was_removed_and_added(listing, lucie):
    old = "Tout a commencé dans un garage à Bègles. " * 12
    edit(listing, lucie, story=old)
    edit(listing, lucie, story=old.replace("un garage", "une cave voûtée", 1) + "Et la suite.")

    [change] = history(listing)[0].changes
    assert change.label == "story" and change.before == change.after == ""
    with translation.override("en"):  # the summary speaks the reader's language
        assert change.text.summary == "6 words added, 2 words removed"
    assert change.text.passages == (("un garage", "une cave voûtée"), ("", "Et la suite."))


def test_who_acts_when_a_service_is_not_told(listing, operator):
    services.maker_withdraw(maker=listing, status=Maker.Status.SUSPENDED)
    assert history(listing)[0].who == "the site, automatically"  # a task, a command
    with audit_actor(operator):  # a command run for an operator
        services.maker_publish(maker=listing)
    assert history(listing)[0].who == "ops@example.org (operator)"


def test_no_secret_is_ever_recorded(listing, lucie, paul, operator):
    invitation = services.invitation_send(
        maker=listing, inviter=lucie, email="paul@example.org", site_url="http://testserver"
    )
    imported = MakerFactory(name="Atelier Importé", source_key="import:1", email="a@example.org")
    claim = services.claim_start(
        maker=imported, user=paul, message="C'est moi", site_url="http://testserver"
    )
    services.claim_accept(claim=Claim.objects.get(pk=claim.pk))
    lucie.set_password("un mot de passe secret")
    lucie.save()
    # A careless caller, and a row written by hand, lose their secret fields too.
    audit_record(
        actor=lucie,
        action="maker.update",
        target=listing,
        changes={"password": ("a", "b"), "api_token": ("c", "d"), "tagline": ("x", "y")},
    )
    LogEntry.objects.create(
        content_type_id=audit_entries(listing).first().content_type_id,
        object_pk=str(listing.pk),
        object_id=listing.pk,
        object_repr="x",
        action=LogEntry.Action.UPDATE,
        changes={"password": ["old-hash", "new-hash"]},
        actor=lucie,
        actor_email="lucie@example.org",
    )

    stored = " ".join(
        f"{entry.changes} {entry.additional_data} {entry.serialized_data} {entry.actor_email}"
        for entry in LogEntry.objects.all()
    )
    for secret in (
        invitation_token(invitation),
        claim_token(claim),
        lucie.password,
        "un mot de passe secret",
        "old-hash",
        "['c', 'd']",
    ):
        assert secret not in stored
    assert "password" not in stored and "token" not in stored
    assert not LogEntry.objects.exclude(actor_email=None).exists()


def test_deleting_a_listing_takes_its_history_with_it(listing, lucie):
    edit(listing, lucie, phone="05 56 11 22 33", email="lucie.perso@example.org")
    maker_id = listing.pk
    services.maker_delete(maker=listing)

    [deletion] = LogEntry.objects.filter(object_id=maker_id)
    assert deletion.additional_data["action"] == "maker.delete"
    assert "Lucie" not in deletion.object_repr  # a maker's name may be a person's
    stored = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    assert "05 56 11 22 33" not in stored and "lucie.perso@example.org" not in stored


def test_reading_a_history_takes_two_queries(listing, lucie, paul, django_assert_num_queries):
    manager = Membership.objects.create(user=paul, maker=listing)
    services.ownership_transfer(maker=listing, owner=lucie, new_owner=manager)
    for number in range(5):
        edit(listing, lucie, tagline=f"Version {number}")
    listing = Maker.objects.get(pk=listing.pk)
    with django_assert_num_queries(2):  # the entries with their authors; the people they name
        entries = maker_history(maker=listing, limit=10)
    assert len(entries) == 8  # five edits, the transfer, the publication, the creation


def test_recording_a_change_is_one_insert(listing, lucie, django_assert_num_queries):
    audit_record(actor=lucie, action="maker.update", target=listing, changes={"phone": ("", "1")})
    with django_assert_num_queries(1):
        audit_record(
            actor=lucie, action="maker.update", target=listing, changes={"phone": ("1", "2")}
        )


def test_a_withdrawn_invitation_and_a_leaving_member_leave_no_address(listing, lucie, paul):
    invitation = services.invitation_send(
        maker=listing, inviter=lucie, email="zoe@example.org", site_url="http://testserver"
    )
    services.invitation_cancel(invitation=invitation, editor=lucie)
    assert [rows(entry) for entry in history(listing)[:2]] == [
        {"invitation": ("a withdrawn invitation", "—")},
        {"invitation": ("—", "a withdrawn invitation")},
    ]
    edit(listing, lucie, email="lucie@example.org")
    Membership.objects.create(user=paul, maker=listing)
    lucie_membership = listing.memberships.get(user=lucie)
    services.member_leave(membership=lucie_membership, leaving_emails=["Lucie@example.org"])

    stored = " ".join(str(entry.changes) for entry in LogEntry.objects.all()).lower()
    assert "zoe@example.org" not in stored
    assert "lucie@example.org" not in stored  # masked, wherever the listing's history had it
    handed_over = next(e for e in history(listing) if "contact email" in rows(e))
    assert rows(handed_over)["contact email"] == ("********ample.org", "paul@example.org")


def test_eligibility_answers_are_shown_as_their_questions(listing, lucie):
    answers = {"makes_own_work": True, "in_territory": True, "non_food": True}
    edit(listing, lucie, eligibility=answers)
    edit(listing, lucie, eligibility={**answers, "in_territory": False, "what_you_make": "Sacs"})

    assert rows(history(listing)[0]) == {
        "eligibility answers — workshop in the territory": ("yes", "no"),
        "eligibility answers — what they make": ("—", "Sacs"),
    }


def test_a_merge_keeps_both_histories_in_the_listing_kept(listing, lucie):
    twin = MakerFactory(name="Atelier Lucie bis")
    edit(twin, lucie, tagline="Le double")
    moved = audit_entries_move(source=twin, target=listing)
    assert moved == 3  # its creation, publication and edit
    assert "Le double" in [change.after for entry in history(listing) for change in entry.changes]
    assert not audit_entries(twin).exists()
