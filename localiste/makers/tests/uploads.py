"""Files for the upload tests, made in memory: real images, impostors and bombs."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# GPS IFD tag in EXIF, and the camera-orientation tag.
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(width=900, height=600, image_format="JPEG", color="sienna", **save) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if image_format == "PNG" else "RGB"
    Image.new(mode, (width, height), color).save(buffer, image_format, **save)
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_gps(width=800, height=400) -> bytes:
    """A JPEG whose EXIF holds a GPS position and says "rotate 90°" (orientation 6)."""
    image = Image.new("RGB", (width, height), "olive")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Camera maker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (44.0, 50.0, 16.0), 3: "W", 4: (0.0, 34.0, 45.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def bomb_png(width=12000, height=12000) -> bytes:
    """A small PNG that would take width × height pixels of memory once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
