"""Every photo of the export has an entry of its own, where data.json says it is."""

import io
import json
import warnings
import zipfile
from pathlib import PurePosixPath

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from localiste.accounts.services import account_export
from localiste.makers.models import Photo

pytestmark = pytest.mark.django_db


def open_export(user) -> tuple[dict, zipfile.ZipFile]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zipfile warns of a duplicate name, and writes it
        with account_export(user=user) as exported:
            archive = zipfile.ZipFile(io.BytesIO(exported.read()))
    return json.loads(archive.read("data.json")), archive


def jpeg_bytes(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def photos_of(data: dict) -> list[dict]:
    return [photo for maker in data["makers"] for photo in maker["photos"]]


def test_photos_with_one_file_name_are_entries_of_their_own(world):
    original = world.solo_photo
    with default_storage.open(original.image.name, "rb") as file:
        original_bytes = file.read()
    # The demo gives one picture to several photos, of one listing and of another.
    same_file = Photo.objects.create(
        maker=world.solo, kind="gallery", image=original.image.name, alt_text="Même image"
    )
    other_listing = Photo.objects.create(
        maker=world.shared, kind="cover", image=original.image.name, alt_text="Vitrine"
    )
    # Another picture whose file bears the same name, in another folder.
    basename = PurePosixPath(original.image.name).name
    other_bytes = jpeg_bytes("navy")
    namesake_path = default_storage.save(f"photos/zz/{basename}", ContentFile(other_bytes))
    assert PurePosixPath(namesake_path).name == basename
    namesake = Photo.objects.create(
        maker=world.solo, kind="gallery", image=namesake_path, alt_text="Homonyme"
    )

    data, archive = open_export(world.alice)
    photos = photos_of(data)
    expected = {
        original.pk: original_bytes,
        same_file.pk: original_bytes,
        other_listing.pk: original_bytes,
        namesake.pk: other_bytes,
    }
    assert sorted(photo["id"] for photo in photos) == sorted(expected)
    entries = [photo["file_in_archive"] for photo in photos]
    assert len(set(entries)) == len(entries) == 4
    names = archive.namelist()
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(["data.json", *entries])
    for photo in photos:
        assert archive.read(photo["file_in_archive"]) == expected[photo["id"]], photo["alt_text"]


def test_a_photo_keeps_its_entry_name_from_one_export_to_the_next(world):
    Photo.objects.create(
        maker=world.solo, kind="gallery", image=world.solo_photo.image.name, alt_text="Bis"
    )
    first, _archive = open_export(world.alice)
    second, _archive = open_export(world.alice)
    assert [p["file_in_archive"] for p in photos_of(first)] == [
        p["file_in_archive"] for p in photos_of(second)
    ]
    assert all(
        p["file_in_archive"].startswith(f"images/{world.solo.slug}/")
        for p in photos_of(first)
        if p["maker_id"] == world.solo.pk
    )
