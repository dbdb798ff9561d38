"""'Download my data': all of the user's data, nobody else's, and the original images."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage

from localiste.accounts.services import account_export
from localiste.accounts.tests.conftest import ALICE_EMAIL
from localiste.accounts.tests.factories import UserFactory
from localiste.makers.models import Invitation

pytestmark = pytest.mark.django_db


def open_export(user) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(account_export(user=user).read()))
    return json.loads(archive.read("data.json")), archive


def test_export_holds_the_account_and_every_listing_it_manages(world):
    data, archive = open_export(world.alice)
    assert data["format"] == "localiste-account-export/1"
    assert data["user"]["email"] == ALICE_EMAIL
    assert data["user"]["first_name"] == "Zéphirine"
    assert "password" not in data["user"]
    assert data["email_addresses"] == [{"email": ALICE_EMAIL, "verified": True, "primary": True}]
    assert [(m["maker"], m["role"]) for m in data["memberships"]] == [
        (world.solo.slug, "owner"),
        (world.shared.slug, "owner"),
    ]
    assert [maker["name"] for maker in data["makers"]] == [
        "Poterie Zéphirine",
        "Collectif des Chais",
    ]

    solo = data["makers"][0]
    assert solo["story"] == "Grès et émaux."
    assert solo["email"] == ALICE_EMAIL
    assert solo["status"] == "published"
    assert solo["categories"] == [world.solo.primary_category.slug]
    assert [p["name"] for p in solo["products"]] == ["Bol à thé"]
    assert solo["products"][0]["price_min"] == "35.00"
    assert [(h["weekday"], h["opens"], h["closes"]) for h in solo["opening_periods"]] == [
        (1, "09:00:00", "12:30:00")
    ]
    assert [s["name"] for s in solo["sales_points"]] == ["Marché de Saint-Michel"]
    assert solo["team"] == [{"user_id": world.alice.pk, "role": "owner"}]
    [photo] = solo["photos"]
    assert photo["alt_text"] == "Tournage"
    assert photo["image"] == world.solo_photo.image.name
    assert photo["renditions"] == world.solo_photo.renditions
    [message] = solo["related"]["messaging.contactmessage"]
    assert message["body"] == "Faites-vous des bols ?"
    assert message["sender_email"] == "carole@example.org"

    shared = data["makers"][1]
    assert shared["team"] == [
        {"user_id": world.alice.pk, "role": "owner"},
        {"user_id": world.bob.pk, "role": "manager"},
    ]
    [invitation] = data["invitations_received"]
    assert invitation["maker"] == "Ébénisterie Robert"
    [sent] = data["messages_sent"]
    assert (sent["to_maker"], sent["body"]) == ("Ébénisterie Robert", "Une table en chêne ?")

    # The original image, byte for byte, where the metadata says it is.
    with default_storage.open(world.solo_photo.image.name, "rb") as original:
        assert archive.read(photo["file_in_archive"]) == original.read()
    assert sorted(archive.namelist()) == ["data.json", photo["file_in_archive"]]


def test_export_holds_nobody_elses_data(world):
    Invitation.objects.create(maker=world.shared, email="third@example.org", invited_by=world.bob)
    Invitation.objects.create(
        maker=world.shared, email="fourth@example.org", invited_by=world.alice
    )
    data, archive = open_export(world.alice)
    # On a shared listing, what Bob did (his invitations) is his; what Alice did is hers.
    invitations = data["makers"][1]["related"]["makers.invitation"]
    assert [invitation["email"] for invitation in invitations] == ["fourth@example.org"]
    text = archive.read("data.json").decode()
    assert world.bob.email not in text  # co-managers appear by id only
    assert "Chêne massif." not in text  # Bob's own listing
    assert world.bobs.slug not in {maker["slug"] for maker in data["makers"]}
    assert not any(name.startswith(f"images/{world.bobs.slug}/") for name in archive.namelist())
    assert not any("password" in key for key in data["user"])

    bobs_data, _archive = open_export(world.bob)
    bobs_text = json.dumps(bobs_data, ensure_ascii=False)
    assert "Poterie Zéphirine" not in bobs_text
    assert "Faites-vous des bols ?" not in bobs_text


def test_a_user_without_listings_gets_their_account_only():
    user = UserFactory()
    data, archive = open_export(user)
    assert data["makers"] == [] and data["memberships"] == []
    assert archive.namelist() == ["data.json"]


def test_the_download_is_a_zip_for_the_logged_in_user_only(client, world):
    assert client.post("/compte/mes-donnees/").status_code == 302  # to the login page
    client.force_login(world.alice)
    response = client.post("/compte/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="localiste-gironde-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("data.json"))["user"]["email"] == ALICE_EMAIL
    assert client.get("/compte/mes-donnees/").status_code == 302


def test_the_download_is_rate_limited(client):
    client.force_login(UserFactory())
    for _ in range(5):
        assert client.post("/compte/mes-donnees/").status_code == 200
    assert client.post("/compte/mes-donnees/").status_code == 429
