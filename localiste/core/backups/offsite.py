"""The off-site copy: an archive encrypted with Fernet (AES-128-CBC and an HMAC-SHA256, from
`cryptography`) and a key from BACKUP_KEY, written into BACKUP_OFFSITE_DIR.

Fernet encrypts a message held in memory, and an archive can be gigabytes: the file is cut in
chunks of CHUNK bytes, each one Fernet token. Inside each token, a header binds the chunk to
its file (a random id), its place (a number) and says whether it is the last, so that chunks
cannot be reordered, mixed with another copy's or cut off without the decryption failing.
"""

import base64
import os
import secrets
import struct
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.translation import gettext as _

from localiste.core.backups.errors import BackupError

MAGIC = b"LOCALISTE-BACKUP-FERNET-1\n"
SUFFIX = ".enc"
CHUNK = 4 << 20
HEADER = struct.Struct(">16sQ?")  # file id, chunk number, last chunk
LENGTH = struct.Struct(">I")  # bytes of the next token


def offsite_key_generate() -> str:
    """A new key for BACKUP_KEY."""
    return Fernet.generate_key().decode()


def offsite_keys(keys: str | None = None) -> MultiFernet:
    """The Fernet keys of `keys` (BACKUP_KEY by default): the first encrypts, all decrypt."""
    values = [key.strip() for key in (settings.BACKUP_KEY if keys is None else keys).split(",")]
    values = [value for value in values if value]
    if not values:
        raise BackupError(_("BACKUP_KEY is not set: the off-site copy needs an encryption key."))
    try:
        return MultiFernet([Fernet(value) for value in values])
    except ValueError as error:
        raise BackupError(
            _("BACKUP_KEY is not a Fernet key (make one with manage.py backup --generate-key).")
        ) from error


def offsite_is_encrypted(path: Path) -> bool:
    """Whether `path` is an encrypted copy (by its first bytes, whatever its name)."""
    with path.open("rb") as source:
        return source.read(len(MAGIC)) == MAGIC


def offsite_encrypt(*, source: Path, destination: Path, keys: MultiFernet) -> None:
    """Encrypt the file `source` into `destination` (whole, or not at all)."""
    file_id = secrets.token_bytes(16)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        with source.open("rb") as plain, partial.open("wb") as sealed:
            sealed.write(MAGIC)
            number, chunk = 0, plain.read(CHUNK)
            while True:
                following = plain.read(CHUNK)
                token = keys.encrypt(HEADER.pack(file_id, number, not following) + chunk)
                raw = base64.urlsafe_b64decode(token)  # stored raw: a third smaller
                sealed.write(LENGTH.pack(len(raw)) + raw)
                if not following:
                    break
                number, chunk = number + 1, following
            sealed.flush()
            os.fsync(sealed.fileno())
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def _tokens(sealed):
    """The raw tokens of an open encrypted file, after its magic bytes."""
    while length := sealed.read(LENGTH.size):
        if len(length) < LENGTH.size:
            raise ValueError("cut in a length")
        (size,) = LENGTH.unpack(length)
        raw = sealed.read(size)
        if len(raw) < size:
            raise ValueError("cut in a chunk")
        yield base64.urlsafe_b64encode(raw)


def offsite_decrypt(*, source: Path, destination: Path, keys: MultiFernet) -> None:
    """Decrypt the copy `source` into `destination`; BackupError (and no `destination`) for a
    wrong key or a damaged, truncated or tampered file."""
    file_id, expected, last = None, 0, False
    try:
        with source.open("rb") as sealed, destination.open("wb") as plain:
            if sealed.read(len(MAGIC)) != MAGIC:
                raise ValueError("not an encrypted copy")
            for token in _tokens(sealed):
                chunk = keys.decrypt(token)
                chunk_file, number, last = HEADER.unpack_from(chunk)
                file_id = file_id or chunk_file
                if chunk_file != file_id or number != expected:
                    raise ValueError("chunks out of place")
                plain.write(chunk[HEADER.size :])
                expected += 1
                if last:
                    break
            if not last or sealed.read(1):
                raise ValueError("not whole")
    except InvalidToken as error:
        destination.unlink(missing_ok=True)
        raise BackupError(
            _("%(file)s cannot be decrypted with BACKUP_KEY: wrong key, or a damaged file.")
            % {"file": source.name}
        ) from error
    except (ValueError, struct.error) as error:
        destination.unlink(missing_ok=True)
        raise BackupError(
            _("%(file)s is not a whole encrypted backup (%(error)s).")
            % {"file": source.name, "error": error}
        ) from error


def offsite_copy(archive: Path, *, directory: Path, keys: MultiFernet) -> Path:
    """The encrypted copy of `archive` written into `directory`."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        destination = directory / f"{archive.name}{SUFFIX}"
        offsite_encrypt(source=archive, destination=destination, keys=keys)
    except OSError as error:
        raise BackupError(
            _("The off-site copy could not be written to %(folder)s: %(error)s")
            % {"folder": directory, "error": error}
        ) from error
    return destination
