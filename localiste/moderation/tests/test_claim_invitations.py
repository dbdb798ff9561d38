"""Inviting imported listings to be claimed: one or many, under a daily cap, never again to an
address that said no, and only within the desk's territories."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from localiste.mail.blocking import address_unsubscribe
from localiste.mail.models import OutgoingMail
from localiste.mail.outbox import outbox_deliver_due
from localiste.mail.tests.conftest import smtp  # noqa: F401 (the fixture)
from localiste.makers.models import Maker, Membership, Source
from localiste.makers.services import maker_delete
from localiste.makers.tests.factories import MakerFactory
from localiste.moderation.models import ClaimInvitation, ClaimInvitationOptOut
from localiste.moderation.services import invitations
from localiste.moderation.services.invitations import (
    claim_invitations_opt_out,
    claim_invitations_send_due,
    claim_invite,
    claim_invite_batch,
    opt_out_token,
)
from localiste.moderation.tests.conftest import en

pytestmark = pytest.mark.django_db
SITE = "https://makers.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Localiste Gironde"
    settings.SITE_CONTACT_EMAIL = "contact@makers.example.org"
    settings.CLAIM_INVITATIONS_PER_DAY = 50
    settings.CLAIM_INVITATIONS_RESEND_DAYS = 180


@pytest.fixture
def sirene(db):
    return Source.objects.create(slug="sirene", name="répertoire SIRENE", kind="sirene")


@pytest.fixture
def imported(sirene, category, gironde):
    """imported(territory=gironde, email=…, status=…, source=…) → an imported listing
    without a team, published by default."""
    counter = iter(range(1, 10_000))

    def make(territory=None, *, source=None, language="fr", **fields):
        number = next(counter)
        fields.setdefault("name", f"Atelier importé {number}")
        fields.setdefault("email", f"atelier{number}@example.org")
        # As an import leaves it: the address is the one the source published.
        fields.setdefault("source_values", {"email": fields["email"]} if fields["email"] else {})
        source = source or sirene
        maker = MakerFactory(
            primary_category=category,
            source=source,
            source_key=fields.pop("source_key", f"{source.slug}-{number}"),
            language=language,
            **fields,
        )
        maker.territories.add(territory or gironde)
        return maker

    return make


def refusal_of(maker: Maker, operator) -> str:
    """Why inviting `maker` is refused (the error's code)."""
    with pytest.raises(ValidationError) as refusal:
        claim_invite(maker=maker, operator=operator)
    return refusal.value.code


def test_one_invitation_reaches_the_listing_with_its_claim_and_opt_out_links(
    smtp,  # noqa: F811
    imported,
    operator,
    client,
):
    maker = imported(name="Thistle Workshop", email="Thistle@Example.org", language="en")
    batch = claim_invite(maker=maker, operator=operator)
    assert (batch.queued, batch.sent) == (1, 1)
    outbox_deliver_due()

    [message] = smtp.inbox.messages
    assert message["To"] == "Thistle@Example.org"
    subject = " ".join(message["Subject"].split())
    assert subject == "“Thistle Workshop” is listed on Localiste Gironde: claim your page"
    body = " ".join(message.get_body(preferencelist=("plain",)).get_content().split())
    assert "from public data: répertoire SIRENE." in body  # where the data came from
    assert "Localiste Gironde is a free directory of the local makers" in body
    assert f"{SITE}/en/fabricants/{maker.slug}/" in body
    assert f"{SITE}/en/espace/revendiquer/{maker.slug}/" in body
    opt_out = re.search(rf"{re.escape(SITE)}(/en/moderation/invitations/refus/\S+/)", body)
    # Sent in numbers: the mail program offers one-click unsubscribe too (RFC 8058).
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"<{SITE}/desabonnement/" in message["List-Unsubscribe"]

    invitation = ClaimInvitation.objects.get()
    assert invitation.status == ClaimInvitation.Status.SENT
    assert invitation.email == "thistle@example.org" and invitation.invited_by == operator

    # A link scanner opening the page changes nothing; the person's click does.
    page = client.get(opt_out.group(1))
    assert page.status_code == 200 and "thistle@example.org" in page.content.decode()
    assert "Send me no more invitations" in page.content.decode()
    assert not ClaimInvitationOptOut.objects.exists()
    assert client.post(opt_out.group(1)).status_code == 200
    assert ClaimInvitationOptOut.objects.count() == 1


def test_in_french_the_mail_the_desk_and_the_opt_out_page(
    imported, operator, sent_mail, operator_client
):
    maker = imported(name="Atelier Brumaire")
    claim_invite(maker=maker, operator=operator)
    [mail] = sent_mail()
    assert " ".join(mail.subject.split()) == (
        "« Atelier Brumaire » est sur Localiste Gironde : revendiquez votre page"
    )
    assert "à partir de données publiques : répertoire SIRENE." in " ".join(mail.body.split())
    assert f"{SITE}/espace/revendiquer/{maker.slug}/" in mail.body
    opt_out = re.search(rf"{re.escape(SITE)}(/moderation/invitations/refus/\S+/)", mail.body)

    page = operator_client.get(reverse("moderation:invitations")).content.decode()
    assert "1 envoyée ces dernières 24 heures, sur 50" in " ".join(page.split())
    page = operator_client.get(opt_out.group(1)).content.decode()
    assert "Ne plus recevoir d’invitations" in page and "<form" in page


def test_a_batch_respects_the_daily_cap_and_sends_the_rest_the_next_days(
    imported, operator, sent_mail, settings
):
    settings.CLAIM_INVITATIONS_PER_DAY = 2
    makers = [imported() for _ in range(5)]
    start = timezone.now()
    batch = claim_invite_batch(
        listings=Maker.objects.filter(source__slug="sirene"), operator=operator, now=start
    )
    assert (batch.queued, batch.sent, batch.waiting) == (5, 2, 3)
    assert len(sent_mail()) == 2

    # The same day, the hourly job finds no room.
    assert claim_invitations_send_due(now=start + datetime.timedelta(hours=5)).sent == 0
    # A day later, the next two go; then the last one.
    later = start + datetime.timedelta(hours=24, minutes=1)
    run = claim_invitations_send_due(now=later)
    assert (run.sent, run.waiting) == (2, 1)
    run = claim_invitations_send_due(now=later + datetime.timedelta(hours=24, minutes=1))
    assert (run.sent, run.waiting) == (1, 0)
    assert sorted(mail.to[0] for mail in sent_mail()) == sorted(m.email for m in makers)
    # In the order they were queued; each listing once.
    assert ClaimInvitation.objects.filter(status="sent").count() == 5


def test_the_cap_counts_every_invitation_of_the_site(imported, operator, settings):
    settings.CLAIM_INVITATIONS_PER_DAY = 1
    claim_invite(maker=imported(), operator=operator)
    batch = claim_invite(maker=imported(), operator=operator)
    assert (batch.queued, batch.sent) == (1, 0)
    assert ClaimInvitation.objects.filter(status="queued").count() == 1


def test_an_opted_out_address_is_never_mailed_again(imported, operator, sirene, sent_mail):
    maker = imported(email="paul@example.org", source_key="siret-1")
    claim_invite(maker=maker, operator=operator)
    assert len(sent_mail()) == 1
    claim_invitations_opt_out(email="Paul@Example.org ")
    # Not stored readable: a digest only.
    assert "paul" not in ClaimInvitationOptOut.objects.get().email_digest

    # Another listing with the same address (any case).
    other = imported(email="PAUL@example.org")
    assert refusal_of(other, operator) == "opted_out"

    # The listing deleted, then imported again with the same key.
    maker_delete(maker=maker)
    again = imported(email="paul@example.org", source_key="siret-1")
    later = timezone.now() + datetime.timedelta(days=400)  # long past the resend delay
    batch = claim_invite_batch(listings=Maker.objects.all(), operator=operator, now=later)
    assert batch.queued == 0 and batch.skipped == {"opted_out": 2}
    assert not again.claim_invitations.exists()
    assert len(sent_mail()) == 1


def test_an_address_opting_out_cancels_what_waits_for_it(imported, operator, settings):
    settings.CLAIM_INVITATIONS_PER_DAY = 0
    maker = imported(email="lea@example.org")
    claim_invite(maker=maker, operator=operator)
    claim_invitations_opt_out(email="lea@example.org")
    invitation = ClaimInvitation.objects.get()
    assert (invitation.status, invitation.reason) == ("cancelled", "opted_out")


def test_an_address_unsubscribed_from_mail_in_numbers_is_not_invited(imported, operator):
    address_unsubscribe(address="marc@example.org")  # the List-Unsubscribe one-click
    assert refusal_of(imported(email="marc@example.org"), operator) == "blocked"


def test_listings_that_may_not_be_invited(
    imported, operator, make_user, listing_in, gironde, sent_mail
):
    claimed = imported()
    Membership.objects.create(user=make_user("owner@example.org"), maker=claimed, role="owner")
    without_email = imported(email="")
    suspended = imported(status=Maker.Status.SUSPENDED)
    refused = imported(status=Maker.Status.REFUSED)
    pending = imported(status=Maker.Status.PENDING)  # no claim page yet
    own_listing = listing_in(gironde, status=Maker.Status.PUBLISHED)  # not imported
    for maker, reason in [
        (claimed, "claimed"),
        (without_email, "no_email"),
        (suspended, "not_public"),
        (refused, "not_public"),
        (pending, "not_public"),
        (own_listing, "not_imported"),
    ]:
        assert refusal_of(maker, operator) == reason, maker
    batch = claim_invite_batch(listings=Maker.objects.all(), operator=operator)
    assert batch.queued == 0
    assert not ClaimInvitation.objects.exists() and sent_mail() == []


def test_no_second_invitation_within_the_resend_delay(imported, operator, sent_mail):
    maker = imported(email="ines@example.org")
    claim_invite(maker=maker, operator=operator)
    assert refusal_of(maker, operator) == "recent"
    # Nor to the same address through another listing, nor twice in one batch.
    twin, third = imported(email="ines@example.org"), imported()
    batch = claim_invite_batch(listings=Maker.objects.all(), operator=operator)
    assert (batch.queued, batch.skipped) == (1, {"recent": 1})
    assert not twin.claim_invitations.exists() and third.claim_invitations.exists()
    # Long after, the listing may be invited again.
    later = timezone.now() + datetime.timedelta(days=181)
    assert claim_invite(maker=maker, operator=operator, now=later).sent == 1
    assert len(sent_mail()) == 3


def test_a_queued_invitation_claimed_meanwhile_is_cancelled(
    imported, operator, make_user, settings, sent_mail
):
    settings.CLAIM_INVITATIONS_PER_DAY = 0
    maker = imported()
    claim_invite(maker=maker, operator=operator)
    Membership.objects.create(user=make_user("owner@example.org"), maker=maker, role="owner")
    settings.CLAIM_INVITATIONS_PER_DAY = 5
    run = claim_invitations_send_due()
    assert (run.sent, run.cancelled) == (0, 1)
    assert ClaimInvitation.objects.get().reason == "claimed"
    assert sent_mail() == []


def test_only_the_address_the_source_published_is_invited(imported, operator, sent_mail):
    # Maker.email is the private contact address: typed at the desk, it is not the source's.
    typed_here = imported(email="private@example.org", source_values={"email": "shop@a.fr"})
    source_gave_none = imported(email="private@example.org", source_values={})
    same_address = imported(email="Shop@B.fr", source_values={"email": " shop@b.fr "})
    assert refusal_of(typed_here, operator) == "not_from_source"
    assert refusal_of(source_gave_none, operator) == "not_from_source"

    batch = claim_invite_batch(listings=Maker.objects.all(), operator=operator)
    assert batch.queued == 1 and not batch.skipped  # "every listing": narrowed first
    assert [mail.to for mail in sent_mail()] == [["Shop@B.fr"]]
    assert [i.maker for i in ClaimInvitation.objects.all()] == [same_address]


def test_a_listing_gone_from_its_source_is_not_invited(imported, operator, sent_mail):
    gone = imported(source_vanished_at=timezone.now())
    assert refusal_of(gone, operator) == "vanished"
    assert claim_invite_batch(listings=Maker.objects.all(), operator=operator).queued == 0
    assert sent_mail() == []


def test_an_address_changed_at_the_desk_while_queued_is_not_mailed(imported, operator, settings):
    settings.CLAIM_INVITATIONS_PER_DAY = 0
    maker = imported()
    claim_invite(maker=maker, operator=operator)
    Maker.objects.filter(pk=maker.pk).update(email="typed.here@example.org")
    settings.CLAIM_INVITATIONS_PER_DAY = 5
    assert claim_invitations_send_due().cancelled == 1
    assert ClaimInvitation.objects.get().reason == "not_from_source"


@pytest.fixture
def failing_for(monkeypatch):
    """failing_for(*makers): building their invitation mail raises, as a broken one would."""

    def fail(*makers):
        broken, real = {maker.pk for maker in makers}, invitations._invitation_mail

        def mail(maker, **kwargs):
            if maker.pk in broken:
                raise RuntimeError(f"cannot build the mail of {maker.pk}")
            return real(maker, **kwargs)

        monkeypatch.setattr(invitations, "_invitation_mail", mail)

    return fail


def test_an_invitation_that_fails_is_set_aside_and_the_next_ones_go(
    imported, operator, settings, sent_mail, failing_for, caplog
):
    settings.CLAIM_INVITATIONS_PER_DAY = 0
    broken, fine = imported(), imported()
    claim_invite_batch(listings=Maker.objects.all(), operator=operator)
    failing_for(broken)
    settings.CLAIM_INVITATIONS_PER_DAY = 5

    run = claim_invitations_send_due()
    assert (run.sent, run.failed, run.waiting) == (1, 1, 0)
    assert [mail.to for mail in sent_mail()] == [[fine.email]]
    failed = broken.claim_invitations.get()
    assert (failed.status, failed.reason, failed.sent_at) == ("cancelled", "error", None)
    assert f"Claim invitation {failed.pk} could not be sent" in caplog.text
    assert not OutgoingMail.objects.filter(to__icontains=broken.email).exists()
    # The next hour does not try it again; the desk may invite the listing once more.
    assert claim_invitations_send_due().failed == 0


def test_invitations_failing_one_after_the_other_stop_the_run(
    imported, operator, settings, failing_for
):
    settings.CLAIM_INVITATIONS_PER_DAY = 0
    makers = [imported() for _ in range(invitations.FAILURES_IN_A_ROW + 2)]
    claim_invite_batch(listings=Maker.objects.all(), operator=operator)
    failing_for(*makers)  # broken for all of them: not all cancelled, the rest waits
    settings.CLAIM_INVITATIONS_PER_DAY = 50
    run = claim_invitations_send_due()
    assert (run.sent, run.failed, run.waiting) == (0, invitations.FAILURES_IN_A_ROW, 2)


# --- the pages ------------------------------------------------------------------------------
def test_the_opt_out_link_refuses_a_forged_token(client, imported):
    for token in ["nope", opt_out_token("a@example.org")[:-3] + "xyz"]:
        response = client.post(en("moderation:invitation_opt_out", token))
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert not ClaimInvitationOptOut.objects.exists()


def test_the_opt_out_page_is_a_form_with_its_csrf_token(imported):
    # A page elsewhere cannot opt an address out behind its back: the one-click of mail
    # programs is the mail layer's List-Unsubscribe link, not this page.
    browser = Client(enforce_csrf_checks=True)
    url = en("moderation:invitation_opt_out", opt_out_token("zoe@example.org"))
    assert browser.post(url).status_code == 403
    assert not ClaimInvitationOptOut.objects.exists()

    page = browser.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "Done:" in response.content.decode()
    assert ClaimInvitationOptOut.objects.count() == 1


def test_the_desk_invites_one_a_selection_or_a_whole_source(
    operator_client, imported, sent_mail, settings
):
    settings.CLAIM_INVITATIONS_PER_DAY = 3
    osm = Source.objects.create(slug="osm", name="OpenStreetMap", kind="osm")
    first, second, third = imported(), imported(), imported()
    from_osm = [imported(source=osm) for _ in range(3)]
    url = en("moderation:invitations")

    page = operator_client.get(url).content.decode()
    assert first.name in page and from_osm[0].name in page
    assert "0 sent in the last 24 hours, out of 3" in page

    response = operator_client.post(url, {"invite_one": first.pk})
    assert response.status_code == 302
    response = operator_client.post(
        url, {"action": "invite_selected", "listings": [second.pk, third.pk]}, follow=True
    )
    assert "2 invitations sent." in response.content.decode()
    assert len(sent_mail()) == 3

    page = operator_client.get(url, {"source": osm.pk}).content.decode()
    assert first.name not in page
    assert "3 sent in the last 24 hours, out of 3" in page
    assert "Invite all 3 listings of “OpenStreetMap” still to invite" in page
    response = operator_client.post(url, {"action": "invite_all", "source": osm.pk}, follow=True)
    assert "0 invitations sent. 3 wait for the next days (daily cap)." in response.content.decode()
    assert ClaimInvitation.objects.filter(status="queued").count() == 3
    assert "Waiting for its turn since" in operator_client.get(url).content.decode()


def test_a_territory_moderator_sees_and_invites_their_territory_only(
    moderator_client, imported, gironde, landes, sent_mail
):
    here, there = imported(gironde), imported(landes, name="Atelier des Landes")
    url = en("moderation:invitations")
    page = moderator_client.get(url).content.decode()
    assert here.name in page and "Atelier des Landes" not in page

    assert moderator_client.post(url, {"invite_one": there.pk}).status_code == 404
    response = moderator_client.post(
        url, {"action": "invite_selected", "listings": [here.pk, there.pk]}
    )
    assert response.status_code == 404
    assert not ClaimInvitation.objects.exists()
    # "Every listing of the source": their territory's only.
    response = moderator_client.post(url, {"action": "invite_all", "source": here.source_id})
    assert response.status_code == 302
    assert [i.maker for i in ClaimInvitation.objects.all()] == [here]
    assert [mail.to for mail in sent_mail()] == [[here.email]]


def test_makers_and_visitors_cannot_reach_the_desk_pages(client, listing_in, gironde, imported):
    target = imported()
    url = en("moderation:invitations")
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    maker = listing_in(gironde, status=Maker.Status.PUBLISHED)
    client.force_login(maker.memberships.get().user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"invite_one": target.pk}).status_code == 403
    assert not ClaimInvitation.objects.exists()
    assert not OutgoingMail.objects.filter(to__icontains=target.email).exists()


def test_the_desk_says_which_addresses_do_not_come_from_the_source(operator_client, imported):
    typed_here = imported(email="private@example.org", source_values={"email": "shop@a.fr"})
    imported()
    url = en("moderation:invitations")
    page = operator_client.get(url, {"source": typed_here.source_id}).content.decode()
    assert "Its address does not come from the source" in page
    assert f'value="{typed_here.pk}" id="listing-' not in page  # no box to tick
    assert "Invite the 1 listing of “répertoire SIRENE” still to invite" in page


def test_numbers_nobody_could_have_sent_are_not_an_error(operator_client, imported):
    url = en("moderation:invitations")
    huge = str(10**30)
    response = operator_client.post(url, {"invite_one": huge, "source": huge}, follow=True)
    assert response.status_code == 200
    assert "Choose one of the buttons of the page." in response.content.decode()
    response = operator_client.post(url, {"action": "invite_selected", "listings": [huge]})
    assert response.status_code == 302
    assert operator_client.get(url, {"page": huge, "territoire": huge}).status_code == 200
    assert not ClaimInvitation.objects.exists()


def test_a_listing_claimed_since_the_page_was_shown_is_skipped_not_an_error(
    operator_client, imported, make_user
):
    free, claimed = imported(), imported()
    Membership.objects.create(user=make_user("owner@example.org"), maker=claimed, role="owner")
    response = operator_client.post(
        en("moderation:invitations"),
        {"action": "invite_selected", "listings": [free.pk, claimed.pk]},
        follow=True,
    )
    page = " ".join(response.content.decode().split())
    assert "1 invitation sent. 1 listing skipped: already has a team (1)." in page
