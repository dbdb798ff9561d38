"""'Delete my account': nothing personal remains in the database, the media or the index."""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse

from localiste.accounts.services import account_delete
from localiste.accounts.tests.conftest import ALICE_EMAIL
from localiste.accounts.tests.factories import PASSWORD
from localiste.accounts.tests.personal_data import rows_containing
from localiste.mail.models import OutgoingMail
from localiste.makers.images import photo_files
from localiste.makers.models import Maker, Membership
from localiste.makers.services.indexing import search_index_maker
from localiste.messaging.models import ContactMessage
from localiste.messaging.services import contact_message_submit
from localiste.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def sessions_of(user_pk: int) -> list[Session]:
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_pk)
    ]


def delete_alice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=world.alice)


def test_nothing_personal_remains_in_the_database(world, django_capture_on_commit_callbacks):
    needles = [ALICE_EMAIL, "Zéphirine", "Brocéliande", world.alice.username]
    assert rows_containing(needles)  # the scan does find them while the account exists
    alice_pk = world.alice.pk
    delete_alice(world, django_capture_on_commit_callbacks)
    assert rows_containing(needles) == []
    assert not get_user_model().objects.filter(pk=alice_pk).exists()
    assert not EmailAddress.objects.filter(email__iexact=ALICE_EMAIL).exists()
    assert not Membership.objects.filter(user_id=alice_pk).exists()


def test_listings_she_ran_alone_go_with_their_files(world, django_capture_on_commit_callbacks):
    solo_files = set(photo_files(world.solo_photo))
    bobs_files = set(photo_files(world.bobs_photo))
    assert len(solo_files) > 1  # the original and its renditions
    assert solo_files | bobs_files <= media_files()
    delete_alice(world, django_capture_on_commit_callbacks)
    assert not Maker.objects.filter(pk=world.solo.pk).exists()
    assert not ContactMessage.objects.filter(maker_id=world.solo.pk).exists()
    assert media_files() & solo_files == set()
    assert bobs_files <= media_files()


def test_shared_listings_stay_with_the_other_manager(world, django_capture_on_commit_callbacks):
    delete_alice(world, django_capture_on_commit_callbacks)
    shared = Maker.objects.get(pk=world.shared.pk)
    assert shared.is_published
    assert list(shared.memberships.values_list("user_id", "role")) == [(world.bob.pk, "owner")]
    assert shared.email == world.bob.email  # customers' messages reach someone who is there
    assert Maker.objects.get(pk=world.bobs.pk).is_published


def test_the_search_index_forgets_her_listings(world, django_capture_on_commit_callbacks):
    for maker in (world.solo, world.shared):
        assert search_index_maker(maker_id=maker.pk)
    indexed = SearchEntry.objects.filter(source="makers")
    assert indexed.filter(object_id=world.solo.pk).exists()
    delete_alice(world, django_capture_on_commit_callbacks)
    assert not indexed.filter(object_id=world.solo.pk).exists()
    assert indexed.filter(object_id=world.shared.pk).exists()


def test_her_messages_to_other_makers_lose_her_name(world, django_capture_on_commit_callbacks):
    delete_alice(world, django_capture_on_commit_callbacks)
    message = ContactMessage.objects.get(maker=world.bobs)
    assert message.body == "Une table en chêne ?"
    assert (message.sender_name, message.sender_email) == ("", "")


def test_every_session_is_revoked(client, world, django_capture_on_commit_callbacks):
    other_device = client.__class__()
    for device in (client, other_device):
        device.post("/compte/login/", {"login": ALICE_EMAIL, "password": PASSWORD})
    assert len(sessions_of(world.alice.pk)) == 2
    delete_alice(world, django_capture_on_commit_callbacks)
    assert sessions_of(world.alice.pk) == []
    assert other_device.get("/compte/").status_code == 302  # to the login page


def test_the_page_asks_for_email_and_password_first(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.alice)
    page = client.get("/compte/supprimer/").content.decode()
    assert "Poterie Zéphirine" in page and "Collectif des Chais" in page
    assert "/pages/confidentialite/" in page
    wrong = client.post(
        "/compte/supprimer/", {"email": "someone@example.org", "password": PASSWORD}
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors["email"]
    wrong = client.post("/compte/supprimer/", {"email": ALICE_EMAIL, "password": "nope"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["password"]
    assert get_user_model().objects.filter(pk=world.alice.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/supprimer/", {"email": ALICE_EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert not get_user_model().objects.filter(pk=world.alice.pk).exists()
    assert "_auth_user_id" not in client.session


def test_only_her_own_addresses_lose_their_mail(world, django_capture_on_commit_callbacks):
    # "…brocel@example.org" is part of hers, but it is another person's address.
    lookalike = "brocel@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        contact_message_submit(
            maker=world.bobs,
            sender_name="Homonyme",
            sender_email=lookalike,
            body="Une chaise ?",
            site_url="http://testserver",
        )
    assert lookalike in ALICE_EMAIL
    kept = OutgoingMail.objects.filter(to=[lookalike])
    assert kept.count() == 1
    delete_alice(world, django_capture_on_commit_callbacks)
    assert kept.count() == 1
    assert not [mail for mail in OutgoingMail.objects.all() if ALICE_EMAIL in mail.to]
    message = ContactMessage.objects.get(sender_email=lookalike)
    assert message.sender_name == "Homonyme"


def test_deleting_her_in_the_admin_erases_her_like_her_own_request(
    operator_client, world, django_capture_on_commit_callbacks
):
    client = operator_client
    url = reverse("admin:auth_user_delete", args=[world.alice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Maker.objects.filter(pk=world.solo.pk).exists()
    shared = Maker.objects.get(pk=world.shared.pk)
    assert list(shared.memberships.values_list("user_id", "role")) == [(world.bob.pk, "owner")]
    assert ContactMessage.objects.get(maker=world.bobs).sender_email == ""
