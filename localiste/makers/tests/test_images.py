"""Uploads: only real JPEG/PNG/WebP pictures are kept, cleaned and rendered; the rest is refused
with a message the maker understands."""

import io

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from localiste.makers.images import ImageRejected
from localiste.makers.models import Photo
from localiste.makers.services import photo_add, photo_delete
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in their English source."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def maker():
    return MakerFactory()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("lucie@example.org", "lucie@example.org")


def add(maker, editor, content, name="photo.jpg", kind=Photo.Kind.GALLERY):
    return photo_add(
        maker=maker,
        editor=editor,
        upload=uploads.upload(content, name),
        kind=kind,
        alt_text="Un sac en cuir",
    )


def stored_files():
    folders, _files = (
        default_storage.listdir("photos") if default_storage.exists("photos") else ([], [])
    )
    return [name for folder in folders for name in default_storage.listdir(f"photos/{folder}")[1]]


def test_a_jpeg_is_stored_under_a_random_name_with_its_renditions(maker, editor):
    photo = add(maker, editor, uploads.image_bytes(1400, 700), name="ma photo privée.jpg")

    assert "privée" not in photo.image.name and photo.image.name.endswith(".jpg")
    assert photo.renditions == [320, 640, 1280]
    assert (photo.width, photo.height) == (1400, 700)
    stem = photo.image.name.rsplit(".", 1)[0]
    for width in photo.renditions:
        for extension, image_format in (("webp", "WEBP"), ("jpg", "JPEG")):
            with default_storage.open(f"{stem}-{width}.{extension}") as rendition:
                image = Image.open(rendition)
                assert image.format == image_format and image.width == width


def test_a_png_named_jpg_that_is_really_a_pdf_is_refused(maker, editor):
    with pytest.raises(ImageRejected, match="not a photo we can read"):
        add(maker, editor, uploads.pdf_bytes(), name="photo.jpg")
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_a_gif_is_refused_even_named_png(maker, editor):
    with pytest.raises(ImageRejected, match="JPEG, PNG or WebP"):
        add(maker, editor, uploads.image_bytes(20, 20, "GIF"), name="image.png")


def test_a_truncated_jpeg_is_refused(maker, editor):
    with pytest.raises(ImageRejected):
        add(maker, editor, uploads.image_bytes(600, 400)[:400])


@pytest.mark.parametrize("side", [8000, 12000])  # Pillow warns at 64 Mpx, errors at 144 Mpx
def test_a_decompression_bomb_is_refused_before_decoding(maker, editor, settings, side):
    settings.MAX_IMAGE_PIXELS = 50_000_000
    with pytest.raises(ImageRejected, match="too many pixels"):
        add(maker, editor, uploads.bomb_png(side, side), name="bomb.png")
    assert not Photo.objects.exists()


def test_a_file_over_the_size_cap_is_refused(maker, editor, settings):
    settings.MAX_UPLOAD_MB = 15
    with pytest.raises(ImageRejected, match="over 15 MB"):
        add(maker, editor, b"\xff\xd8" + b"0" * (50 * 1024 * 1024))


def test_gps_and_camera_details_are_gone_and_the_photo_is_upright(maker, editor):
    photo = add(maker, editor, uploads.jpeg_with_gps(800, 400))

    # Orientation 6 means the camera was turned: the stored picture is upright (portrait).
    assert (photo.width, photo.height) == (400, 800)
    stem = photo.image.name.rsplit(".", 1)[0]
    names = [photo.image.name] + [
        f"{stem}-{w}.{e}" for w in photo.renditions for e in ("jpg", "webp")
    ]
    for name in names:
        with default_storage.open(name) as stored:
            content = stored.read()
        image = Image.open(io.BytesIO(content))
        exif = image.getexif()
        assert not exif.get_ifd(uploads.GPS_IFD), name
        assert uploads.ORIENTATION not in exif and 0x010F not in exif, name
        assert b"Exif" not in content[:4096], name


def test_a_one_pixel_image_is_kept_without_renditions(maker, editor):
    photo = add(maker, editor, uploads.image_bytes(1, 1, "PNG"), name="dot.png")
    assert (photo.width, photo.height) == (1, 1)
    assert photo.renditions == []
    assert photo.fallback_url == photo.image.url


def test_webp_and_transparent_png_are_accepted(maker, editor):
    webp = add(maker, editor, uploads.image_bytes(700, 500, "WEBP"), name="a.webp")
    png = add(maker, editor, uploads.image_bytes(700, 500, "PNG", color=(0, 0, 0, 0)), name="b")
    assert webp.image.name.endswith(".webp") and webp.renditions == [320, 640]
    assert png.image.name.endswith(".png") and png.renditions == [320, 640]


def test_a_new_cover_replaces_the_old_one_and_its_files(
    maker, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = add(maker, editor, uploads.image_bytes(700, 400), kind=Photo.Kind.COVER)
        first_name = first.image.name
        add(maker, editor, uploads.image_bytes(700, 400), kind=Photo.Kind.COVER)
    assert Photo.objects.filter(maker=maker, kind=Photo.Kind.COVER).count() == 1
    assert not default_storage.exists(first_name)


def test_deleting_a_photo_removes_every_file(maker, editor, django_capture_on_commit_callbacks):
    photo = add(maker, editor, uploads.image_bytes(700, 400))
    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(photo=photo, editor=editor)
    assert stored_files() == []
