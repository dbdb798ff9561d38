"""What the tests of the staff import page share: files to upload, and the page's forms
sent as an operator's browser sends them."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

from localiste.makers.models import Maker, Source
from localiste.opendata.models import ImportRun

HEADER = "id;Nom;Catégorie;Code postal;Ville"
ROWS = [
    "1;Poterie Bérénice;Céramique;33700;Mérignac",
    "2;Maroquinerie Noël;maroquinerie;33000;Bordeaux",
    "3;Atelier sans nom;Céramique;99999;Atlantis",
]
META_REFRESH = re.compile(r'<meta http-equiv="refresh" content="3">')
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def csv_file(rows=ROWS, *, encoding="utf-8", name="makers.csv") -> io.BytesIO:
    data = io.BytesIO(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))
    data.name = name
    return data


def png_file(name="makers.csv") -> io.BytesIO:
    """A real (one-pixel) PNG image, named as a CSV file."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + checksum

    data = io.BytesIO(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    data.name = name
    return data


def file_of(path: Path, name: str = "") -> io.BytesIO:
    data = io.BytesIO(path.read_bytes())
    data.name = name or path.name
    return data


def upload(client, file, *, prefix="", **fields):
    data = {
        "file": file,
        "file_format": "csv",
        "encoding": "",
        "name": "Chambre des métiers",
        "kind": "",
        "publish": "pending",
        "licence": "Licence Ouverte 2.0",
        **fields,
    }
    return client.post(f"{prefix}/moderation/imports/nouveau/", data)


def columns_post(client, response, action="dry_run", **fields):
    """Send the columns form as the page filled it (its selected options), with `fields`."""
    html = response.content.decode()
    data = {"action": action}
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        data[select.group(1)] = chosen.group(1) if chosen else ""
    data.update(fields)
    return client.post(response.request["PATH_INFO"], data)


def nothing_written(upload_dir: Path) -> bool:
    files = [path for path in upload_dir.rglob("*") if path.is_file()]
    written = Source.objects.exists() or ImportRun.objects.exists() or Maker.objects.exists()
    return not written and not files


def start_dry_run(client, django_capture_on_commit_callbacks, **fields) -> ImportRun:
    response = client.get(upload(client, csv_file(), **fields)["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        response = columns_post(client, response)
    assert response.status_code == 302
    return ImportRun.objects.get()


def queue_real_run(client, django_capture_on_commit_callbacks, *, prefix="/en") -> ImportRun:
    """A real run queued from the page, left for a task worker (settings.TASKS must keep
    it: DATABASE_TASKS)."""
    response = client.get(upload(client, csv_file(), prefix=prefix)["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(client, response, action="import")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.QUEUED
    return run
