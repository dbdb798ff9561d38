"""The moderation desk in Chromium, with mail read at a real SMTP server.

A maker signs up and submits → the operators are mailed → an operator opens the item from
the mail (without JavaScript: the desk needs none), sees what the listing says, while a
second operator who opens it sees it is held → changes are requested with a note → the
maker gets the note, edits and submits again → the operator sees what changed and approves
→ the maker gets the approval mail, the page is public and found by search. Desk pages are
checked by axe-core and used with the keyboard.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from e2e.offline import VIEWPORTS, keep_local
from e2e.test_maker_journey import (  # noqa: F401 (fixtures)
    assert_accessible,
    onboard,
    sign_up,
    territory,
)
from e2e.test_maker_journey import mailbox as mailbox  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = [("desktop", VIEWPORTS["desktop"])]
NOTE = "Merci d'ajouter une phrase sur vos émaux : sont-ils sans plomb ?"


def message_to(box, page, to: str, subject_part: str, timeout_ms: int = 10_000):
    """The first mail to `to` whose subject holds `subject_part` (waiting for delivery)."""
    for _ in range(timeout_ms // 100):
        for message in box.messages:
            subject = str(message["Subject"]).replace("\n", " ")
            if to in message["To"] and subject_part in subject:
                return message
        page.wait_for_timeout(100)
    found = [(m["To"], str(m["Subject"])) for m in box.messages]
    raise AssertionError(f"No mail to {to} about {subject_part!r}; got {found}")


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path: str) -> str:
    match = re.search(rf"https?://\S+?{re.escape(path)}\S*", body_of(message))
    assert match, body_of(message)
    return match.group(0)


def operator_page(browser, base_url: str, email: str, name: str, *, javascript: bool = True):
    """A browser page logged in as a site operator (a staff user made here). Without
    JavaScript, axe-core cannot run in it: its pages are checked in another."""
    from django.contrib.auth import get_user_model

    first, last = name.split()
    user = get_user_model().objects.create_user(
        email, email, is_staff=True, first_name=first, last_name=last
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = browser.new_context(
        viewport=VIEWPORTS["desktop"], locale="fr-FR", java_script_enabled=javascript
    )
    context.route("**/*", keep_local)
    cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key}
    context.add_cookies([cookie | {"url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = base_url
    return page


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
@pytest.mark.usefixtures("territory")
def test_an_operator_sends_a_listing_back_then_approves_it(
    page, browser, axe, mailbox, tmp_path, live_server, settings
):
    from localiste.makers.models import Maker

    settings.SITE_URL = live_server.url  # links in mail sent outside a request
    page.set_default_timeout(15_000)
    claire = operator_page(
        browser, page.base_url, "claire@example.org", "Claire Martin", javascript=False
    )
    marc = operator_page(browser, page.base_url, "marc@example.org", "Marc Petit")

    # The maker submits: every operator is mailed, with a link to the item.
    name = "Atelier Céladon"
    sign_up(page, mailbox, "celadon@example.org")
    slug = onboard(page, tmp_path, name)
    maker = Maker.objects.get(slug=slug)
    notice = message_to(mailbox, page, "claire@example.org", name)
    message_to(mailbox, page, "marc@example.org", name)
    item_url = link_in(notice, f"/moderation/fiches/{maker.pk}/")

    # Claire opens it from the mail (JavaScript off): what the listing says, no raw data.
    claire.goto(item_url)
    expect(claire.get_by_role("heading", level=1)).to_contain_text(name)
    listing = claire.locator("table.desk-diff")
    expect(listing).to_contain_text("12 rue des Faures")
    expect(listing.locator("img")).to_have_count(1)  # the photo, as a thumbnail
    assert "{" not in listing.inner_text()

    # Marc opens the same item: Claire holds it, and his decision is refused.
    marc.goto(item_url)
    lock = marc.locator(".desk-lock")
    expect(lock).to_contain_text("Claire Martin")
    expect(marc.locator("button[value=take_over]")).to_be_visible()
    assert_accessible(axe, marc)

    # Claire requests a change with a note, with the keyboard only.
    note = claire.locator("#id_changes-note")
    note.focus()
    claire.keyboard.type(NOTE)
    claire.keyboard.press("Tab")
    expect(claire.locator("button[value=changes]")).to_be_focused()
    claire.keyboard.press("Enter")
    expect(claire).to_have_url(re.compile(r"/moderation/$"))
    marc.goto(page.base_url + "/moderation/")
    assert_accessible(axe, marc)

    # The maker gets the note, edits and submits again.
    sent_back = message_to(mailbox, page, "celadon@example.org", name)
    assert NOTE in body_of(sent_back)
    page.goto(f"{page.base_url}/espace/{slug}/")
    expect(page.locator(".review-note")).to_contain_text("sans plomb")
    page.goto(f"{page.base_url}/espace/{slug}/histoire/")
    page.locator("[name=story]").fill(
        page.locator("[name=story]").input_value() + " Nos émaux sont sans plomb."
    )
    page.locator("form.space-form .form-actions .button--primary").click()
    page.goto(f"{page.base_url}/espace/{slug}/apercu/")
    page.locator(".preview-banner form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/espace/{slug}/$"))

    # Claire is told, sees what changed since she sent it back, and approves.
    again = [m for m in mailbox.messages if "claire@example.org" in m["To"]]
    for _ in range(100):
        again = [m for m in mailbox.messages if "claire@example.org" in m["To"]]
        if len(again) >= 2:
            break
        page.wait_for_timeout(100)
    assert len(again) == 2, [str(m["Subject"]) for m in again]
    claire.goto(link_in(again[-1], f"/moderation/fiches/{maker.pk}/"))
    since = claire.locator("section[aria-labelledby=since-title]")
    expect(since).to_contain_text(NOTE)
    expect(since.locator("ins")).to_contain_text("sans plomb")
    marc.goto(claire.url)
    assert_accessible(axe, marc)
    for checkbox in claire.locator(".desk-checklist input[type=checkbox]").all():
        checkbox.check()
    claire.locator("button[value=approve]").click()
    expect(claire).to_have_url(re.compile(r"/moderation/$"))
    expect(claire.locator(".desk-decisions")).to_contain_text(name)

    # The maker is told, and the page is public and found by search.
    approved = [
        m
        for m in mailbox.messages
        if "celadon@example.org" in m["To"] and f"/fabricants/{slug}/" in body_of(m)
    ]
    for _ in range(100):
        if approved:
            break
        page.wait_for_timeout(100)
        approved = [
            m
            for m in mailbox.messages
            if "celadon@example.org" in m["To"] and f"/fabricants/{slug}/" in body_of(m)
        ]
    assert approved, [str(m["Subject"]) for m in mailbox.messages]
    page.goto(link_in(approved[0], f"/fabricants/{slug}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.goto(f"{page.base_url}/recherche/?q=C%C3%A9ladon")
    expect(page.locator(f"a[href$='/fabricants/{slug}/']").first).to_be_visible()
    assert page.js_errors == []
    claire.context.close()
    marc.context.close()


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
def test_the_desk_pages_are_accessible_in_both_languages(
    page, browser, axe, restore_reference_data
):
    from localiste.makers.models import DuplicateCandidate, Maker, Report
    from localiste.makers.tests.factories import MakerFactory

    pending = MakerFactory(name="Atelier En Attente", status=Maker.Status.PENDING)
    first = MakerFactory(name="Atelier Dupont", phone="05 56 00 00 01")
    second = MakerFactory(name="Atelier Dupond", phone="05 56 00 00 01")
    report = Report.objects.create(maker=first, reason=Report.Reason.CLOSED, message="Fermé ?")
    # Found when the second was published (the same phone), or recorded here.
    pair, _ = DuplicateCandidate.objects.get_or_create(
        maker_id=min(first.pk, second.pk),
        other_id=max(first.pk, second.pk),
        defaults={"signals": ["phone"]},
    )
    desk = operator_page(browser, page.base_url, "ops@example.org", "Olga Serre")
    for language in ("", "/en"):
        for path in (
            "/moderation/",
            "/moderation/?type=report",
            f"/moderation/fiches/{pending.pk}/",
            f"/moderation/signalements/{report.pk}/",
            f"/moderation/doublons/{pair.pk}/",
        ):
            desk.goto(page.base_url + language + path)
            expect(desk.get_by_role("heading", level=1)).to_be_visible()
            assert_accessible(axe, desk)
    # A decision sent back with an error is still accessible, the error tied to its field.
    desk.goto(f"{page.base_url}/en/moderation/fiches/{pending.pk}/")
    desk.locator("button[value=refuse]").click()
    expect(desk.locator("#id_refuse-note")).to_have_attribute("aria-invalid", "true")
    assert_accessible(axe, desk)
    desk.context.close()
