"""Once a period every published maker is asked to confirm its page; silence gets flagged."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from localiste.makers.audit import audit_entries
from localiste.makers.models import Maker, Membership
from localiste.makers.selectors.freshness import maker_updated_on, makers_unconfirmed
from localiste.makers.services.freshness import freshness_mails_send, freshness_token
from localiste.makers.signals import listing_confirmed
from localiste.makers.tasks import freshness_mails_task
from localiste.makers.tests.factories import MakerFactory, ProductFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
SITE = "https://makers.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.FRESHNESS_DAYS = 365
    settings.FRESHNESS_REMINDER_DAYS = 14


def listed(name: str, *, days_ago: int, **fields) -> Maker:
    """A maker published `days_ago` days ago."""
    maker = MakerFactory(name=name, email=f"{slugify(name.split()[-1])}@example.org", **fields)
    then = timezone.now() - days_ago * DAY
    Maker.objects.filter(pk=maker.pk).update(published_at=then, created_at=then, updated_at=then)
    maker.refresh_from_db()
    return maker


def confirm_path(mail) -> str:
    """The path of the one-click link in a freshness mail."""
    url = re.search(r"https://makers\.example\.org(\S*/fiche-a-jour/\S+/)", mail.body)
    return url.group(1)


def test_published_makers_are_asked_once_a_period_and_no_one_else(sent_mail):
    due = listed("Atelier Pluviôse", days_ago=400)
    listed("Atelier Germinal", days_ago=30)  # published a month ago: not yet
    for status in (Maker.Status.SUSPENDED, Maker.Status.DRAFT, Maker.Status.PENDING):
        hidden = listed(f"Atelier {status}", days_ago=400)
        Maker.objects.filter(pk=hidden.pk).update(status=status)
    now = timezone.now()

    run = freshness_mails_send(now=now)

    assert (run.asked, run.reminded) == (1, 0)
    (mail,) = sent_mail()
    assert mail.to == ["pluviose@example.org"]
    assert "Atelier Pluviôse" in mail.subject
    assert f"{SITE}/fabricants/{due.slug}/" in mail.body
    assert f"{SITE}/espace/{due.slug}/" in mail.body
    # Sent in numbers: it can be unsubscribed from in one click.
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    due.refresh_from_db()
    assert due.freshness_asked_at == now
    # Asking is not an edit of the listing: its "updated on" date does not move.
    assert due.updated_at < now - 300 * DAY

    # Again the same day, or the next: nothing more.
    assert freshness_mails_send(now=now).asked == 0
    assert freshness_mails_send(now=now + DAY).asked == 0
    assert len(sent_mail()) == 1


def test_a_reminder_follows_when_nobody_confirms_then_the_listing_is_flagged(sent_mail):
    silent = listed("Atelier Floréal", days_ago=400, language="en")
    answering = listed("Atelier Thermidor", days_ago=400)
    start = timezone.now()
    assert freshness_mails_send(now=start).asked == 2

    # The team of one listing confirms a week later, following the link.
    Maker.objects.filter(pk=answering.pk).update(confirmed_at=start + 7 * DAY)

    assert freshness_mails_send(now=start + 13 * DAY).reminded == 0  # not yet
    run = freshness_mails_send(now=start + 14 * DAY)
    assert (run.asked, run.reminded) == (0, 1)
    reminder = sent_mail()[-1]
    assert reminder.to == ["floreal@example.org"] and reminder.subject.startswith("Reminder")
    assert freshness_mails_send(now=start + 15 * DAY).reminded == 0  # one reminder only

    assert list(makers_unconfirmed(now=start + 27 * DAY)) == []  # the reminder's own wait
    flagged = makers_unconfirmed(now=start + 28 * DAY)
    assert list(flagged) == [silent] and flagged.count() == 1


def test_unconfirmed_listings_can_be_counted_per_territory():
    from localiste.places.models import Territory

    gironde = Territory.objects.create(slug="t-gironde", name="Gironde", kind="departement")
    landes = Territory.objects.create(slug="t-landes", name="Landes", kind="departement")
    here, there = listed("Atelier Brumaire", days_ago=400), listed("Atelier Nivôse", days_ago=400)
    here.territories.add(gironde)
    there.territories.add(landes)
    then = timezone.now() - 30 * DAY
    Maker.objects.update(freshness_asked_at=then - 14 * DAY, freshness_reminded_at=then)

    assert makers_unconfirmed().count() == 2
    assert list(makers_unconfirmed(territory_ids=[gironde.pk])) == [here]


def test_a_confirmed_listing_is_asked_again_a_period_after_its_confirmation(sent_mail):
    maker = listed("Atelier Ventôse", days_ago=800)
    confirmed = timezone.now() - 200 * DAY
    Maker.objects.filter(pk=maker.pk).update(confirmed_at=confirmed)

    assert freshness_mails_send().asked == 0
    assert freshness_mails_send(now=confirmed + 365 * DAY).asked == 1


def test_a_run_sends_a_bounded_number_and_the_next_run_the_rest(sent_mail):
    for name in ("Atelier Un", "Atelier Deux", "Atelier Trois"):
        listed(name, days_ago=400)
    now = timezone.now()
    assert freshness_mails_send(now=now, limit=2).asked == 2
    assert freshness_mails_send(now=now + DAY, limit=2).asked == 1
    assert sorted(mail.to[0] for mail in sent_mail()) == [
        "deux@example.org",
        "trois@example.org",
        "un@example.org",
    ]


def test_a_listing_without_any_address_is_counted_and_later_flagged(sent_mail):
    maker = listed("Atelier Muet", days_ago=400)
    Maker.objects.filter(pk=maker.pk).update(email="")
    start = timezone.now()
    run = freshness_mails_send(now=start)
    assert (run.asked, run.without_address) == (1, 1)
    freshness_mails_send(now=start + 14 * DAY)
    assert sent_mail() == []
    assert list(makers_unconfirmed(now=start + 28 * DAY)) == [maker]


def test_without_site_url_the_job_refuses_to_run(settings, sent_mail):
    settings.SITE_URL = ""
    maker = listed("Atelier Frimaire", days_ago=400)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        freshness_mails_send()
    maker.refresh_from_db()
    assert maker.freshness_asked_at is None and sent_mail() == []


def test_the_daily_job_is_registered_and_runs_the_mails(sent_mail):
    out = io.StringIO()
    call_command("schedule_run", "--list", stdout=out)
    assert "makers.freshness_mails" in out.getvalue()
    listed("Atelier Messidor", days_ago=400)
    result = freshness_mails_task.enqueue()
    assert result.return_value == {"asked": 1, "reminded": 0, "without_address": 0}
    assert [mail.to for mail in sent_mail()] == [["messidor@example.org"]]


def test_the_link_confirms_with_a_post_only_and_thanks_the_maker(client, sent_mail):
    maker = listed("Atelier Fructidor", days_ago=400)
    freshness_mails_send()
    path = confirm_path(sent_mail()[0])

    page = client.get(path)  # a mail scanner, or the maker reading first
    assert page.status_code == 200
    html = page.content.decode()
    assert 'method="post"' in html and "Atelier Fructidor" in html
    assert 'name="robots" content="noindex"' in html
    maker.refresh_from_db()
    assert maker.confirmed_at is None

    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == path + "merci/"
    maker.refresh_from_db()
    assert maker.confirmed_at is not None
    assert [entry.additional_data["action"] for entry in audit_entries(maker)][0] == "maker.confirm"
    thanks = client.get(response["Location"]).content.decode()
    assert f'href="/espace/{maker.slug}/"' in thanks
    # The public page now says when it was checked.
    public = client.get(maker.get_absolute_url()).content.decode()
    assert f'<time datetime="{timezone.localdate(maker.confirmed_at).isoformat()}">' in public
    # Nobody is asked again this period.
    assert freshness_mails_send(now=timezone.now() + 30 * DAY).reminded == 0


def test_a_forged_expired_or_withdrawn_link_is_refused_clearly(client, settings, operator):
    maker = listed("Atelier Germinal", days_ago=400)
    forged = client.post("/en/fiche-a-jour/not-a-token/")
    assert forged.status_code == 400 and "This link is not valid." in forged.content.decode()

    path = f"/en/fiche-a-jour/{freshness_token(maker)}/"
    settings.FRESHNESS_DAYS = 0  # the link is older than a period
    expired = client.get(path)
    assert expired.status_code == 400 and "This link has expired" in expired.content.decode()

    settings.FRESHNESS_DAYS = 365
    Maker.objects.filter(pk=maker.pk).update(status=Maker.Status.SUSPENDED)
    gone = client.post(path)
    assert gone.status_code == 404 and "nothing to confirm" in gone.content.decode()
    maker.refresh_from_db()
    assert maker.confirmed_at is None


def test_a_team_member_confirming_while_signed_in_counts_as_their_activity(
    client, django_user_model
):
    from localiste.accounts.models import AccountActivity

    maker = listed("Atelier Prairial", days_ago=400)
    lea = django_user_model.objects.create_user("lea@example.org", "lea@example.org")
    Membership.objects.create(user=lea, maker=maker, role=Membership.Role.OWNER)
    long_ago = timezone.now() - 1000 * DAY
    AccountActivity.objects.create(user=lea, last_active_at=long_ago, warned_at=long_ago)
    client.force_login(lea)

    client.post(f"/fiche-a-jour/{freshness_token(maker)}/")

    activity = AccountActivity.objects.get(user=lea)
    assert activity.last_active_at > long_ago and activity.warned_at is None
    entry = audit_entries(maker).first()
    assert (entry.additional_data["action"], entry.actor) == ("maker.confirm", lea)


def test_apps_above_hear_of_each_confirmation_with_who_was_signed_in(client, operator):
    maker = listed("Atelier Nivose", days_ago=400)
    heard = []
    listing_confirmed.connect(
        lambda sender, maker, user, **kwargs: heard.append((maker.pk, user)),
        weak=False,
        dispatch_uid="test.listing_confirmed",
    )
    path = f"/fiche-a-jour/{freshness_token(maker)}/"
    try:
        client.post(path)
        client.force_login(operator)
        client.post(path)
        client.get(path)  # opening the page confirms nothing
    finally:
        listing_confirmed.disconnect(dispatch_uid="test.listing_confirmed")
    assert heard == [(maker.pk, None), (maker.pk, operator)]


def test_updated_on_is_the_latest_of_confirmation_edit_and_products(client):
    maker = listed("Atelier Vendémiaire", days_ago=400)
    edited = timezone.now() - 300 * DAY
    Maker.objects.filter(pk=maker.pk).update(updated_at=edited)
    maker.refresh_from_db()
    assert maker_updated_on(maker) == edited

    confirmed = timezone.now() - 100 * DAY
    Maker.objects.filter(pk=maker.pk).update(confirmed_at=confirmed)
    maker.refresh_from_db()
    assert maker_updated_on(maker) == confirmed

    product = ProductFactory(maker=maker, is_published=True)
    html = client.get(maker.get_absolute_url()).content.decode()
    assert f'<time datetime="{timezone.localdate(product.updated_at).isoformat()}">' in html
