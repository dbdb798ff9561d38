"""Fixtures every test gets: fast hashers, a throwaway media folder, a clean cache, mail
through the outbox; and the fixtures many share (an operator, the mail delivered)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Mail goes through the outbox as in production; its deliveries land in django.core.mail's
    # outbox (`sent_mail` runs them, as the task worker would).
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests-pages",
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache(_fast_and_isolated):
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever the previous one served."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and a copy of the rows its data migrations made.

    Tests on a transactional database see it flushed after each of them, which takes those
    rows (categories, labels, site pages) away; `restore_reference_data` puts them back.
    """
    from django.core import serializers

    from localiste.catalog.models import Category, Label
    from localiste.content.models import SitePage

    with django_db_blocker.unblock():
        rows = [
            *Category.objects.order_by("depth", "pk"),
            *Label.objects.all(),
            *SitePage.objects.all(),
        ]
        REFERENCE_DATA.append(serializers.serialize("json", rows))


REFERENCE_DATA: list[str] = []


@pytest.fixture
def restore_reference_data(transactional_db):
    """Categories, labels and site pages, as migrations made them, in a flushed database."""
    from django.core import serializers

    from localiste.catalog.models import Category

    if not Category.objects.exists():
        for row in serializers.deserialize("json", REFERENCE_DATA[-1]):
            row.save()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("restore_reference_data")


@pytest.fixture
def operator(django_user_model):
    """A site operator (a superuser): the admin and the moderation desk are theirs."""
    return django_user_model.objects.create_superuser("ops", "ops@example.org", "x")


@pytest.fixture
def operator_client(client, operator):
    """The test client, logged in as `operator`."""
    client.force_login(operator)
    return client


@pytest.fixture
def sent_mail(db):
    """sent_mail() delivers what the outbox holds, as the task worker would, and returns every
    mail delivered so far (django.core.mail.outbox)."""
    from django.core import mail

    from localiste.mail.outbox import outbox_deliver_due

    def deliver() -> list:
        outbox_deliver_due()
        return mail.outbox

    return deliver
