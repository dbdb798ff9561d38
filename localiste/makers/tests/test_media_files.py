"""Photo files: an upload's slow part waits for no one and leaves nothing behind when it fails;
a file shared by several photos stays until the last one goes; `media_gc` finds the rest."""

import datetime
import io
import os
from concurrent.futures import Future

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from PIL import Image

from localiste.makers import services
from localiste.makers.images import media_orphans, photo_files
from localiste.makers.models import Photo
from localiste.makers.services import media
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory, ProductFactory


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("lucie@example.org", "lucie@example.org")


def add(maker, editor, width=700, kind=Photo.Kind.GALLERY, product=None):
    return services.photo_add(
        maker=maker,
        editor=editor,
        upload=uploads.upload(uploads.image_bytes(width, 400)),
        kind=kind,
        alt_text="Un sac en cuir",
        product=product,
    )


def stored() -> set[str]:
    names = set()
    if not default_storage.exists("photos"):
        return names
    for folder in default_storage.listdir("photos")[0]:
        names |= {f"photos/{folder}/{n}" for n in default_storage.listdir(f"photos/{folder}")[1]}
    return names


class InlinePool:
    def submit(self, function, **kwargs):
        future = Future()
        future.set_result(function(**kwargs))
        return future


@pytest.mark.django_db(transaction=True)
def test_reading_and_rendering_an_upload_hold_no_transaction(editor, monkeypatch):
    """With SQLite's write lock taken at BEGIN, work done inside a transaction would hold
    up every other writer (contact messages, logins) for as long as the rendering lasts."""
    maker = MakerFactory()
    seen = {}
    # The image pool's thread, run in this one: its transaction state is the caller's.
    monkeypatch.setattr(media, "_image_pool", lambda: InlinePool())

    def watched(name, function):
        def call(*args, **kwargs):
            seen[name] = connection.in_atomic_block
            return function(*args, **kwargs)

        monkeypatch.setattr(media, name, call)

    watched("image_open_checked", media.image_open_checked)
    watched("photo_files_write", media.photo_files_write)
    watched("search_index_maker", media.search_index_maker)

    photo = add(maker, editor, width=1400)

    assert seen == {
        "image_open_checked": False,
        "photo_files_write": False,
        "search_index_maker": True,  # the rows, in their short transaction
    }
    assert Photo.objects.get().pk == photo.pk and photo.renditions == [320, 640, 1280]


@pytest.mark.django_db
def test_files_of_an_upload_whose_rows_fail_are_removed(editor, monkeypatch):
    maker = MakerFactory()
    before = stored()

    def index_down(**kwargs):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(media, "search_index_maker", index_down)
    with pytest.raises(RuntimeError):
        add(maker, editor, width=1400)

    assert not Photo.objects.filter(maker=maker).exists()
    assert stored() == before


def share(photo, maker):
    """A photo of `maker` showing the same files as `photo` (as the demo's pool does)."""
    return Photo.objects.create(
        maker=maker,
        kind=photo.kind,
        image=photo.image.name,
        width=photo.width,
        height=photo.height,
        renditions=photo.renditions,
        alt_text="La même photo",
    )


@pytest.mark.django_db
def test_erasing_a_maker_keeps_the_files_another_maker_still_shows(
    editor, django_capture_on_commit_callbacks
):
    first, second = MakerFactory(), MakerFactory()
    photo = add(first, editor, width=1400)
    shared = share(photo, second)
    files = set(photo_files(photo))
    assert len(files) == 7  # the original and two renditions at three widths

    with django_capture_on_commit_callbacks(execute=True):
        services.maker_delete(maker=first)
    assert all(default_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(photo=shared, editor=editor)
    assert not any(default_storage.exists(name) for name in files)


@pytest.mark.django_db
def test_deleting_a_product_keeps_files_shared_with_another_maker(
    editor, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    photo = add(product.maker, editor, product=product)
    share(photo, MakerFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.product_delete(product=product, editor=editor)
    assert all(default_storage.exists(name) for name in photo_files(photo))


def age(name: str, hours: float) -> None:
    past = (datetime.datetime.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(name), (past, past))


@pytest.mark.django_db
def test_media_gc_lists_then_deletes_only_files_no_photo_uses(
    editor, django_capture_on_commit_callbacks
):
    kept, shared_owner = MakerFactory(), MakerFactory()
    in_use = add(kept, editor)
    shared = add(kept, editor)
    share(shared, shared_owner)
    leftover = default_storage.save("photos/ab/leftover-of-a-failed-upload.jpg", io.BytesIO(b"x"))
    uploading = default_storage.save("photos/ab/upload-in-progress-640.webp", io.BytesIO(b"x"))
    for name in stored() - {uploading}:
        age(name, hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        Photo.objects.filter(pk=shared.pk).delete()  # the shared files now have one user

    listing = io.StringIO()
    call_command("media_gc", stdout=listing)
    assert listing.getvalue().splitlines() == [
        leftover,
        "1 file(s), 0.0 MB, under photos/ used by no photo (run with --delete to delete them).",
    ]
    assert default_storage.exists(leftover)

    result = io.StringIO()
    call_command("media_gc", "--delete", stdout=result)
    assert result.getvalue().splitlines()[-1].endswith(": 1 deleted.")
    assert not default_storage.exists(leftover)
    assert default_storage.exists(uploading)  # too recent: an upload may be storing it
    for photo in (in_use, shared):
        assert all(default_storage.exists(name) for name in photo_files(photo))


@pytest.mark.django_db
def test_a_rendition_named_like_an_original_is_told_apart(editor):
    """The demo's pool names originals `cover-1.jpg`: the rendition pattern must not hide
    that such a file is an original in use (nor that `cover-320.jpg` is a rendition)."""
    maker = MakerFactory()
    Photo.objects.create(
        maker=maker,
        kind="cover",
        image="photos/pool/cover-1.jpg",
        width=640,
        height=480,
        renditions=[320],
        alt_text="a",
    )
    names = ["photos/pool/cover-1.jpg", "photos/pool/cover-1-320.webp", "photos/pool/cover-320.jpg"]
    for name in names:
        default_storage.save(name, io.BytesIO(b"x"))
        age(name, hours=3)
    older_than = datetime.datetime.now(datetime.UTC)
    assert [orphan.name for orphan in media_orphans(older_than=older_than)] == [
        "photos/pool/cover-320.jpg"
    ]


@pytest.mark.django_db
def test_a_camera_sized_photo_is_stored_at_the_largest_size_shown(editor):
    photo = add(MakerFactory(), editor, width=6000)  # 6000 × 400, decoded at reduced scale
    assert (photo.width, photo.height) == (2560, 171)
    assert photo.renditions == [320, 640, 1280]
    stem = photo.image.name.rsplit(".", 1)[0]
    with default_storage.open(f"{stem}-1280.webp") as rendition:
        assert Image.open(rendition).size == (1280, 86)
