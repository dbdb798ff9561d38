"""Operators decide at the desk: each decision changes the listing, is recorded, and is
mailed to the team in the team's language."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from localiste.makers import services as maker_services
from localiste.makers.models import Claim, DuplicateCandidate, Maker, MakerRevision, Report
from localiste.makers.selectors import maker_documents
from localiste.moderation import services
from localiste.moderation.models import Decision
from localiste.moderation.tests.conftest import decide, en, seen_on, submit

pytestmark = pytest.mark.django_db

CHECKLIST = {
    "approve-made_locally": "on",
    "approve-non_food": "on",
    "approve-in_territory": "on",
    "approve-real_photos": "on",
}


def mails_to(sent_mail, address: str) -> list:
    return [message for message in sent_mail() if address in message.to]


def test_approving_publishes_and_mails_the_promised_email(
    operator_client, listing_in, gironde, sent_mail
):
    maker = listing_in(gironde, name="Atelier Céladon", email="celadon@example.org")
    response = decide(
        operator_client,
        reverse("moderation:listing", args=[maker.pk]),
        {"action": "approve", **CHECKLIST},
    )

    assert response.status_code == 302
    maker.refresh_from_db()
    assert maker.is_published
    assert maker_documents([maker.pk])  # searchable
    [mail] = mails_to(sent_mail, "celadon@example.org")
    with translation.override("fr"):  # the maker's language (the site's default)
        subject = gettext("Your page “%(name)s” is online") % {"name": "Atelier Céladon"}
    assert mail.subject == subject
    body = mail.body
    assert f"/fabricants/{maker.slug}/" in body
    assert "http://testserver/" in body  # an absolute link
    decision = Decision.objects.get(maker=maker)
    assert decision.action == Decision.Action.APPROVED
    assert decision.checklist == {
        "made_locally": True,
        "non_food": True,
        "in_territory": True,
        "real_photos": True,
    }


def test_approving_needs_the_checklist(operator_client, listing_in, gironde):
    maker = listing_in(gironde)
    response = operator_client.post(
        en("moderation:listing", maker.pk),
        {"action": "approve", "approve-made_locally": "on"},
    )
    assert response.status_code == 400
    assert "Check this before approving." in response.content.decode()
    assert Maker.objects.get(pk=maker.pk).status == Maker.Status.PENDING


def test_the_approval_mail_is_in_the_makers_language(operator, listing_in, gironde, sent_mail):
    maker = listing_in(gironde, name="Thistle Workshop", email="thistle@example.org")
    Maker.objects.filter(pk=maker.pk).update(language="en")
    services.maker_approve(
        maker=Maker.objects.get(pk=maker.pk), operator=operator, site_root="https://x.example"
    )
    [mail] = mails_to(sent_mail, "thistle@example.org")
    assert mail.subject == "Your page “Thistle Workshop” is online"
    assert f"https://x.example/en/fabricants/{maker.slug}/" in mail.body


def test_requesting_changes_sends_the_note_and_keeps_the_listing_as_it_was(
    operator_client, listing_in, gironde, sent_mail
):
    maker = listing_in(gironde, email="atelier@example.org")
    url = reverse("moderation:listing", args=[maker.pk])
    empty = decide(operator_client, url, {"action": "changes", "changes-note": "  "})
    assert empty.status_code == 400
    assert Maker.objects.get(pk=maker.pk).status == Maker.Status.PENDING

    note = "Merci d'ajouter une photo de vos sacs, pas seulement de l'atelier."
    decide(operator_client, url, {"action": "changes", "changes-note": note})

    maker.refresh_from_db()
    assert maker.status == Maker.Status.NEEDS_CHANGES
    assert maker.review_note == note
    [mail] = mails_to(sent_mail, "atelier@example.org")
    assert note in mail.body
    assert f"/espace/{maker.slug}/" in mail.body
    decision = Decision.objects.get(maker=maker)
    assert decision.note == note
    assert decision.snapshot["name"] == maker.name


def test_a_resubmission_shows_what_changed_since_it_was_sent_back(
    operator, operator_client, listing_in, gironde
):
    maker = listing_in(gironde, tagline="Des sacs")
    services.maker_request_changes(maker=maker, operator=operator, note="Précisez le cuir.")
    team = maker.memberships.get().user
    maker.refresh_from_db()
    maker_services.maker_update(
        maker=maker,
        editor=team,
        version=maker.version,
        fields={"tagline": "Des sacs en cuir tanné végétal", "story": maker.story + " Et voilà."},
    )
    submit(maker, team)

    page = operator_client.get(en("moderation:listing", maker.pk))
    page = page.content.decode()
    since = page.split("What changed since it was sent back")[1].split("The listing")[0]
    assert "Précisez le cuir." in since
    assert "Des sacs en cuir tanné végétal" in since
    assert "<ins>" in since and "voilà" in since  # the story as a word diff
    assert "Address" not in since  # unchanged fields are not listed


def test_refusing_needs_a_reason_and_tells_the_team(operator, listing_in, gironde, sent_mail):
    maker = listing_in(gironde, email="atelier@example.org")
    with pytest.raises(ValidationError) as refused:
        services.maker_refuse(maker=maker, operator=operator, reason="  ")
    assert refused.value.code == "required"
    assert Maker.objects.get(pk=maker.pk).status == Maker.Status.PENDING
    services.maker_refuse(
        maker=maker, operator=operator, reason="Ce sont des produits alimentaires."
    )
    maker.refresh_from_db()
    assert maker.status == Maker.Status.REFUSED
    [mail] = mails_to(sent_mail, "atelier@example.org")
    assert "Ce sont des produits alimentaires." in mail.body


def test_a_pending_change_is_shown_as_names_and_applied_on_approval(
    operator_client, listing_in, gironde, sent_mail, category
):
    from localiste.catalog.tests.factories import CategoryFactory

    maker = listing_in(gironde, status=Maker.Status.PUBLISHED, email="atelier@example.org")
    bijoux = CategoryFactory(name_fr="Bijoux", name_en="Jewellery", slug="bijoux")
    team = maker.memberships.get().user
    maker_services.maker_update(
        maker=maker,
        editor=team,
        version=maker.version,
        fields={"name": "Atelier & Fils"},
        primary_category=bijoux,
        others=[category],
    )
    revision = MakerRevision.objects.get(maker=maker)
    page = operator_client.get(en("moderation:change", revision.pk))
    page = page.content.decode()
    assert "Atelier &amp; Fils" in page
    assert "Jewellery (main), Leather goods" in page  # names, never ids
    main = page.split("<main")[1].split("</main")[0]
    assert "primary_category_id" not in main and "{" not in main

    decide(operator_client, reverse("moderation:change", args=[revision.pk]), {"action": "approve"})
    maker.refresh_from_db()
    assert maker.name == "Atelier & Fils"
    assert maker.primary_category == bijoux
    [mail] = mails_to(sent_mail, "atelier@example.org")
    assert "Atelier & Fils" in mail.subject


def test_refusing_a_change_keeps_the_public_values(operator, listing_in, gironde, sent_mail):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED, email="atelier@example.org")
    team = maker.memberships.get().user
    name = maker.name
    maker_services.maker_update(
        maker=maker, editor=team, version=maker.version, fields={"name": "Nom trompeur"}
    )
    revision = MakerRevision.objects.get(maker=maker)
    services.revision_reject(revision=revision, operator=operator, reason="Nom d'une marque.")
    assert Maker.objects.get(pk=maker.pk).name == name
    assert MakerRevision.objects.get().status == MakerRevision.Status.REJECTED
    [mail] = mails_to(sent_mail, "atelier@example.org")
    assert "Nom d'une marque." in mail.body


def test_changes_requested_on_a_change_are_shown_in_the_space(
    operator, client, listing_in, gironde
):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED)
    team = maker.memberships.get().user
    maker_services.maker_update(
        maker=maker, editor=team, version=maker.version, fields={"name": "Atelier Lumière"}
    )
    revision = MakerRevision.objects.get(maker=maker)
    services.revision_request_changes(
        revision=revision, operator=operator, note="Gardez le nom de l'entreprise."
    )
    maker.refresh_from_db()
    assert maker.is_published  # still online
    client.force_login(team)
    dashboard = client.get(reverse("space:dashboard", args=[maker.slug])).content.decode()
    assert "Gardez le nom de l&#x27;entreprise." in dashboard


def test_a_claim_is_decided_and_the_claimant_told(
    operator_client, listing_in, gironde, make_user, sent_mail
):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED, source_key="import:9")
    maker.memberships.all().delete()
    claimant = make_user("claire@example.org")
    claim = Claim.objects.create(maker=maker, user=claimant, status=Claim.Status.REQUESTED)
    page = operator_client.get(reverse("moderation:claim", args=[claim.pk]))
    assert "claire@example.org" in page.content.decode()

    operator_client.post(reverse("moderation:claim", args=[claim.pk]), {"action": "approve"})
    assert maker.memberships.get().user == claimant
    [mail] = mails_to(sent_mail, "claire@example.org")
    assert maker.name in mail.subject


def test_a_report_suspends_then_the_listing_is_restored(
    operator, operator_client, listing_in, gironde, sent_mail
):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED, email="atelier@example.org")
    reports = [
        Report.objects.create(maker=maker, reason=Report.Reason.NOT_MADE_HERE, message=text)
        for text in ("Revendu depuis un grossiste", "Idem")
    ]
    assert Maker.objects.get(pk=maker.pk).is_published  # a report alone hides nothing
    url = reverse("moderation:report", args=[reports[0].pk])
    assert "Revendu depuis un grossiste" in operator_client.get(url).content.decode()

    operator_client.post(url, {"action": "suspend", "suspend-note": "Produits revendus."})
    maker.refresh_from_db()
    assert maker.status == Maker.Status.SUSPENDED
    assert not maker_documents([maker.pk])  # off the search
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.ACTED}

    listing = reverse("moderation:listing", args=[maker.pk])
    operator_client.post(listing, {"action": "restore", "restore-note": "Vérifié sur place."})
    maker.refresh_from_db()
    assert maker.is_published
    assert [d.action for d in Decision.objects.filter(maker=maker).order_by("created_at")] == [
        Decision.Action.SUSPENDED,
        Decision.Action.RESTORED,
    ]


def test_dismissing_a_report_leaves_the_listing(operator_client, listing_in, gironde):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED)
    report = Report.objects.create(maker=maker, reason=Report.Reason.OTHER)
    operator_client.post(
        reverse("moderation:report", args=[report.pk]),
        {"action": "dismiss", "dismiss-note": "Rien d'anormal."},
    )
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.decision_note == "Rien d'anormal."
    assert Maker.objects.get(pk=maker.pk).is_published


def test_a_pair_is_told_apart_or_merged(operator_client, listing_in, gironde):
    first = listing_in(gironde, status=Maker.Status.PUBLISHED, name="Atelier Dupont")
    second = listing_in(gironde, status=Maker.Status.PUBLISHED, name="Atelier Dupond", phone="")
    third = listing_in(gironde, status=Maker.Status.PUBLISHED, name="Atelier Durand")
    apart = DuplicateCandidate.objects.create(maker=first, other=third, signals=["name_nearby"])
    same = DuplicateCandidate.objects.create(maker=first, other=second, signals=["siret"])
    earlier = services.decision_record(
        kind="listing", object_id=second.pk, maker=second, action="approved", operator=None
    )

    operator_client.post(reverse("moderation:duplicate", args=[apart.pk]), {"action": "dismiss"})
    assert DuplicateCandidate.objects.get(pk=apart.pk).status == "dismissed"

    url = reverse("moderation:duplicate", args=[same.pk])
    page = operator_client.get(url).content.decode()
    assert "Atelier Dupont" in page and "Atelier Dupond" in page
    assert 'name="merge-field_name"' in page  # both have a name: the operator picks
    first.refresh_from_db()
    second.refresh_from_db()
    response = operator_client.post(
        url,
        {
            "action": "merge",
            "survivor": first.pk,
            "merge-survivor_version": first.version,
            "merge-absorbed_version": second.version,
            "merge-field_name": "absorbed",
            "merge-field_email": "survivor",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert not Maker.objects.filter(pk=second.pk).exists()
    assert Maker.objects.get(pk=first.pk).name == "Atelier Dupond"
    assert Decision.objects.get(action=Decision.Action.MERGED).maker_id == first.pk
    assert Decision.objects.get(pk=earlier.pk).maker_id == first.pk  # its record follows


def test_a_merge_refused_when_a_listing_changed_meanwhile(operator_client, listing_in, gironde):
    first = listing_in(gironde, status=Maker.Status.PUBLISHED)
    second = listing_in(gironde, status=Maker.Status.PUBLISHED)
    pair = DuplicateCandidate.objects.create(maker=first, other=second, signals=["phone"])
    response = operator_client.post(
        en("moderation:duplicate", pair.pk),
        {
            "action": "merge",
            "survivor": first.pk,
            "merge-survivor_version": first.version + 7,  # not the version saved now
            "merge-absorbed_version": second.version,
            "merge-field_name": "survivor",
            "merge-field_email": "survivor",
        },
    )
    assert response.status_code == 400
    assert "changed since you opened this page" in response.content.decode()
    assert Maker.objects.filter(pk=second.pk).exists()


def test_an_address_change_shows_how_far_the_pin_moves_and_is_applied(
    operator, operator_client, listing_in, gironde
):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED)
    team = maker.memberships.get().user
    maker_services.maker_update(
        maker=maker,
        editor=team,
        version=maker.version,
        fields={"street": "4 quai des Chartrons", "latitude": 44.8405, "longitude": -0.5792},
    )
    revision = MakerRevision.objects.get()
    page = operator_client.get(en("moderation:change", revision.pk)).content.decode()
    assert "4 quai des Chartrons, 33000 Bordeaux" in page
    assert "(moved 300 m)" in page

    services.revision_approve(revision=revision, operator=operator)
    maker.refresh_from_db()
    assert (maker.street, maker.latitude) == ("4 quai des Chartrons", 44.8405)
    # Approving it again changes nothing and records nothing more.
    services.revision_approve(revision=revision, operator=operator)
    assert Decision.objects.filter(kind="change").count() == 1


def test_a_refused_claim_tells_the_claimant_why(
    operator_client, listing_in, gironde, make_user, sent_mail
):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED, source_key="import:10")
    maker.memberships.all().delete()
    claim = Claim.objects.create(
        maker=maker, user=make_user("usurpateur@example.org"), status=Claim.Status.REQUESTED
    )
    url = reverse("moderation:claim", args=[claim.pk])
    assert operator_client.post(url, {"action": "refuse", "refuse-note": ""}).status_code == 400
    operator_client.post(url, {"action": "refuse", "refuse-note": "L'atelier ne vous connaît pas."})
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.REJECTED
    assert not maker.memberships.exists()
    [mail] = mails_to(sent_mail, "usurpateur@example.org")
    assert "L'atelier ne vous connaît pas." in mail.body
    with pytest.raises(ValidationError):
        services.claim_refuse(claim=Claim.objects.get(pk=claim.pk), operator=None, reason="x")


def test_an_unconfirmed_listing_is_confirmed_or_suspended(operator_client, listing_in, gironde):
    long_ago = timezone.now() - datetime.timedelta(days=60)
    checked, gone = (listing_in(gironde, status=Maker.Status.PUBLISHED) for _ in range(2))
    Maker.objects.filter(pk__in=[checked.pk, gone.pk]).update(
        freshness_asked_at=long_ago, freshness_reminded_at=long_ago
    )
    operator_client.post(
        reverse("moderation:freshness", args=[checked.pk]),
        {"action": "confirm", "confirm-note": "Appelée le 3 mars."},
    )
    operator_client.post(
        reverse("moderation:freshness", args=[gone.pk]),
        {"action": "suspend", "suspend-note": "L'atelier a fermé."},
    )
    assert Maker.objects.get(pk=checked.pk).confirmed_at is not None
    assert Maker.objects.get(pk=gone.pk).status == Maker.Status.SUSPENDED
    page = operator_client.get(en("moderation:queue"), {"type": "freshness"}).content.decode()
    queue = page.split('id="dashboard-title"')[0]
    assert checked.name not in queue and gone.name not in queue
    assert "Nothing waits here." in queue
    assert Decision.objects.get(maker=checked).note == "Appelée le 3 mars."


def test_a_decision_sent_twice_or_unknown_is_refused_clearly(operator_client, listing_in, gironde):
    maker = listing_in(gironde)
    url = en("moderation:listing", maker.pk)
    unknown = operator_client.post(url, {"action": "publish-everything"}, follow=True)
    assert "Choose one of the decisions below." in unknown.content.decode()
    decide(operator_client, url, {"action": "refuse", "refuse-note": "Revendeur."})
    again = decide(
        operator_client, url, {"action": "refuse", "refuse-note": "Revendeur."}, follow=True
    )
    assert "This item has already been decided." in again.content.decode()
    assert Decision.objects.filter(maker=maker).count() == 1


def test_a_listing_edited_after_the_operator_opened_it_is_not_approved_unseen(
    operator_client, listing_in, gironde
):
    maker = listing_in(gironde, name="Atelier Harmless")
    url = en("moderation:listing", maker.pk)
    seen = seen_on(operator_client.get(url))
    team = maker.memberships.get().user
    maker_services.maker_update(
        maker=maker, editor=team, version=maker.version, fields={"name": "BUY CHEAP PILLS"}
    )

    stale = operator_client.post(url, {"action": "approve", **CHECKLIST, "seen": seen})
    assert stale.status_code == 400
    page = stale.content.decode()
    assert "This item changed since you opened it" in page
    assert "BUY CHEAP PILLS" in page  # what it holds now, to look at again
    assert Maker.objects.get(pk=maker.pk).status == Maker.Status.PENDING
    assert not Decision.objects.filter(maker=maker).exists()


def test_a_change_folded_into_after_it_was_opened_is_not_applied_unseen(
    operator_client, listing_in, gironde
):
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED, name="Atelier Harmless")
    team = maker.memberships.get().user
    maker_services.maker_update(
        maker=maker, editor=team, version=maker.version, fields={"name": "Atelier Harmonie"}
    )
    revision = MakerRevision.objects.get(maker=maker)
    url = en("moderation:change", revision.pk)
    seen = seen_on(operator_client.get(url))
    maker.refresh_from_db()
    maker_services.maker_update(
        maker=maker, editor=team, version=maker.version, fields={"name": "BUY CHEAP PILLS"}
    )
    assert MakerRevision.objects.get().changes["name"] == "BUY CHEAP PILLS"  # the same one

    stale = operator_client.post(url, {"action": "approve", "seen": seen})
    assert stale.status_code == 400
    assert "This item changed since you opened it" in stale.content.decode()
    assert Maker.objects.get(pk=maker.pk).name == "Atelier Harmless"
    assert decide(operator_client, url, {"action": "approve"}).status_code == 302
    assert Maker.objects.get(pk=maker.pk).name == "BUY CHEAP PILLS"  # once seen
