"""A maker's whole way, in Chromium: from signing up to a public page found by search.

Sign up → the verification email, really sent over SMTP to a local server → the link →
onboarding (photo upload, map pin dragged with the mouse) → submitted for review → an
operator approves it → the page is public and found by search → a second manager's
conflicting edit is refused, both versions shown. Account pages are checked by axe-core.
"""

import re
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import expect

from e2e.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Grès-émaillé-au-four-1996"


class Mailbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, page, timeout_ms: int = 10_000):
        """The first message to `to`, waiting for it (the live server sends it in a thread)."""
        for _ in range(timeout_ms // 100):
            for message in self.messages:
                if to in message["To"]:
                    return message
            page.wait_for_timeout(100)
        raise AssertionError(f"No email to {to}; got {[m['To'] for m in self.messages]}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    """A real SMTP server on 127.0.0.1, and the site's outbox delivering to it (the tests' task
    backend runs the delivery as soon as the page's transaction commits)."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    cache.clear()  # allauth's rate limits (one verification email per address per 3 minutes)
    yield box
    controller.stop()


def body_link(message, path_prefix: str) -> str:
    """The link of `message` whose path starts with `path_prefix`."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://\S+?{re.escape(path_prefix)}\S*", text)
    assert match, text
    return match.group(0)


def assert_accessible(axe, page):
    assert serious_violations(axe, page) == [], page.url


def sign_up(page, mailbox, email: str, axe=None) -> None:
    """Create an account through the pages and confirm it from the email: ends logged in."""
    page.goto(page.base_url + "/")
    page.locator(".account-nav a[href$='/compte/login/']").click()
    if axe:
        assert_accessible(axe, page)
    page.locator(".account-card__alt a").click()  # "Create your maker account"
    expect(page).to_have_url(re.compile(r"/compte/signup/$"))
    if axe:
        assert_accessible(axe, page)
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/compte/confirm-email/$"))
    if axe:
        assert_accessible(axe, page)

    message = mailbox.wait_for(email, page)
    # A long non-ASCII subject is folded on the wire; unfolded, it starts with the site name.
    assert str(message["Subject"]).strip().startswith("[Localiste Gironde] ")
    page.goto(body_link(message, "/compte/confirm-email/"))
    if axe:
        assert_accessible(axe, page)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/espace/"))


@pytest.mark.usefixtures("restore_reference_data")
def test_sign_up_verify_and_log_in_again(page, axe, mailbox):
    email = "jeanne.potiere@example.org"
    sign_up(page, mailbox, email, axe=axe)
    assert get_user_model().objects.get(email=email).emailaddress_set.get().verified

    # Log out is a POST form in the header; log in again with the same password.
    page.locator(".account-nav__logout button").click()
    page.locator(".account-nav a[href$='/compte/login/']").click()
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/espace/"))
    assert page.js_errors == []


@pytest.mark.usefixtures("restore_reference_data")
def test_account_settings_pages_are_accessible(page, axe, mailbox):
    sign_up(page, mailbox, "paul.ebeniste@example.org")
    for path in (
        "/compte/",
        "/compte/email/",
        "/compte/password/change/",
        "/compte/sessions/",
        "/compte/supprimer/",
        "/en/compte/",
    ):
        page.goto(page.base_url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(axe, page)
    # A form sent back with errors: still accessible, errors linked to their fields.
    page.goto(page.base_url + "/compte/supprimer/")
    page.locator("#id_email").fill("someone.else@example.org")
    page.locator("#id_password").fill("not my password")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(axe, page)
    assert page.js_errors == []


# --- the whole way ------------------------------------------------------------------------
STORY = (
    "Je tourne le grès dans un ancien chai de Bègles depuis 2009. Bols, théières et "
    "vaisselle de table émaillés au four à bois."
)


def photo_file(tmp_path):
    """A real JPEG to upload."""
    from PIL import Image

    path = tmp_path / "atelier.jpg"
    Image.new("RGB", (1200, 800), "peru").save(path, "JPEG")
    return path


def drag_pin(page) -> tuple[str, str]:
    """Drag the Leaflet marker 60 px right and 40 px down with the mouse; new (lat, lon)."""
    marker = page.locator(".leaflet-marker-icon")
    expect(marker).to_be_visible()
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + 6 * step, y + 4 * step)
    page.mouse.up()
    latitude = page.locator("input[name=latitude]")
    expect(page.locator("input[name=pin_moved]")).to_have_value("True")
    return latitude.input_value(), page.locator("input[name=longitude]").input_value()


def onboard(page, tmp_path, name: str) -> str:
    """From the empty maker space to a submitted page; the listing's slug."""
    from localiste.makers.models import Maker

    # Eligibility (kept for the moderators).
    for question in ("makes_own_work", "in_territory", "non_food"):
        page.locator(f"input[name={question}][value=yes]").check()
    page.locator("[name=what_you_make]").fill("Vaisselle en grès")
    page.locator("form.space-form .form-actions .button--primary").click()
    # Name and categories.
    page.locator("[name=name]").fill(name)
    page.locator("[name=primary_category]").select_option(index=1)
    page.locator("form.space-form .form-actions .button--primary").click()
    expect(page).to_have_url(re.compile(r"/espace/[\w-]+/adresse/$"))
    slug = page.url.rstrip("/").split("/")[-2]
    # Address, then the pin dragged to the door.
    page.locator("[name=street]").fill("12 rue des Faures")
    page.locator("[name=postcode]").fill("33800")
    page.locator("[name=locality]").fill("Bordeaux")
    page.locator("form.space-form .form-actions .button--primary").click()
    page.goto(f"{page.base_url}/espace/{slug}/adresse/")
    before = (
        page.locator("input[name=latitude]").input_value(),
        page.locator("input[name=longitude]").input_value(),
    )
    after = drag_pin(page)
    assert after != before
    page.locator("form.space-form .form-actions .button--primary").click()
    expect(page).not_to_have_url(re.compile(r"/adresse/$"))
    maker = Maker.objects.get(slug=slug)
    assert (maker.latitude, maker.longitude) == pytest.approx(tuple(map(float, after)), abs=1e-5)
    # Story.
    page.goto(f"{page.base_url}/espace/{slug}/histoire/")
    page.locator("[name=tagline]").fill("Grès tourné et émaillé à Bègles")
    page.locator("[name=story]").fill(STORY)
    page.locator("form.space-form .form-actions .button--primary").click()
    # A photo.
    page.goto(f"{page.base_url}/espace/{slug}/photos/")
    page.locator("input[type=file]").set_input_files(photo_file(tmp_path))
    page.locator("[name=alt_text]").fill("Bols en grès sur l'établi")
    page.locator("form.space-form .form-actions .button--primary").click()
    expect(page.locator(".photo-list img").first).to_be_visible()
    # Preview, then submit for review.
    page.goto(f"{page.base_url}/espace/{slug}/apercu/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.locator(".preview-banner form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/espace/{slug}/$"))
    return slug


def operator_approves(browser, base_url: str, slug: str) -> None:
    """An operator logs in to the admin and approves the submitted listing."""
    from localiste.makers.models import Maker

    get_user_model().objects.create_superuser("operatrice", "ops@example.org", PASSWORD)
    context = browser.new_context()
    admin = context.new_page()
    admin.goto(base_url + "/admin/login/")
    admin.locator("#id_username").fill("operatrice")
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("input[type=submit]").click()
    pk = Maker.objects.get(slug=slug).pk
    admin.goto(base_url + "/admin/makers/maker/?status__exact=pending")
    admin.locator(f"input[name=_selected_action][value='{pk}']").check()
    admin.locator("select[name=action]").select_option("approve_submissions")
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist")).to_be_visible()
    context.close()


def add_manager(slug: str, email: str):
    """A second person on the team (the invitation flow has tests of its own)."""
    from allauth.account.models import EmailAddress

    from localiste.makers.models import Maker, Membership

    user = get_user_model().objects.create_user("second", email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.create(
        user=user, maker=Maker.objects.get(slug=slug), role=Membership.Role.MANAGER
    )


def log_in(page, email: str) -> None:
    page.goto(page.base_url + "/compte/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/espace/"))


@pytest.fixture
def territory(restore_reference_data):
    from django.core.management import call_command

    call_command("gazetteer_load", department="33", verbosity=0)


@pytest.mark.usefixtures("territory")
def test_the_whole_way(page, browser, viewport, axe, mailbox, tmp_path):
    page.set_default_timeout(15_000)
    name = f"Atelier Céladon {viewport[0]}"
    sign_up(page, mailbox, "celadon@example.org")
    slug = onboard(page, tmp_path, name)
    assert_accessible(axe, page)

    operator_approves(browser, page.base_url, slug)
    page.goto(f"{page.base_url}/fabricants/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.goto(f"{page.base_url}/recherche/?q=C%C3%A9ladon")
    expect(page.locator(f"a[href$='/fabricants/{slug}/']").first).to_be_visible()

    # Two managers edit the story at once: the second save is refused, both versions shown.
    add_manager(slug, "second@example.org")
    other_context = browser.new_context(viewport=page.viewport_size)
    other = other_context.new_page()
    other.base_url = page.base_url
    log_in(other, "second@example.org")
    story_url = f"{page.base_url}/espace/{slug}/histoire/"
    page.goto(story_url)
    other.goto(story_url)
    other.locator("[name=tagline]").fill("Grès et porcelaine, tournés à Bègles")
    other.locator("form.space-form .form-actions .button--primary").click()
    expect(other.locator(".conflict")).to_have_count(0)
    page.locator("[name=tagline]").fill("Vaisselle en grès pour tous les jours")
    page.locator("form.space-form .form-actions .button--primary").click()
    conflict = page.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Vaisselle en grès pour tous les jours")
    expect(conflict).to_contain_text("Grès et porcelaine, tournés à Bègles")
    assert_accessible(axe, page)
    other_context.close()

    from localiste.makers.models import Maker

    assert Maker.objects.get(slug=slug).tagline == "Grès et porcelaine, tournés à Bègles"
    assert page.js_errors == []
