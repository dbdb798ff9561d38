"""Writes about a whole account: the GDPR export archive and the erasure of an account."""

import json
import tempfile
import zipfile
from typing import IO

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from localiste.accounts.erasure import listings_settle, traces_erase, user_sessions_end
from localiste.accounts.selectors import account_data, account_photos, photo_archive_path

# Archives bigger than this spill from memory to a temporary file.
ARCHIVE_MEMORY_BYTES = 8 * 1024 * 1024


def account_export(*, user) -> IO[bytes]:
    """A zip archive of everything held about `user`, read from its start.

    `data.json` holds the data (see `selectors.account_data`); `images/<maker>/…` the original
    files of the photos of their listings. The caller closes the file.
    """
    # Handed to the caller open (a FileResponse streams then closes it).
    archive = tempfile.SpooledTemporaryFile(max_size=ARCHIVE_MEMORY_BYTES)  # noqa: SIM115
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        data = account_data(user=user)
        zip_file.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for photo in account_photos(user=user):
            try:
                with photo.image.open("rb") as image:
                    content = image.read()
            except OSError:  # a file lost from storage: the metadata still says what it was
                continue
            # Images are compressed already: store them as they are.
            zip_file.writestr(photo_archive_path(photo), content, compress_type=zipfile.ZIP_STORED)
    archive.seek(0)
    return archive


@transaction.atomic
def account_delete(*, user) -> None:
    """Erase `user`: their personal data, sessions, and the listings nobody else manages.

    What happens to each listing is `erasure.listings_fate`'s rule, which the deletion page
    states: listings co-managed with others stay with them (handed to another manager when
    `user` owned them); imported listings they claimed go back to unclaimed, without their
    personal data; the other listings they managed alone are withdrawn from the public site
    and the search index, then deleted with their photos' files (once the transaction has
    committed).
    """
    listings_settle(user=user)
    traces_erase(user=user)
    user_sessions_end(user=user)
    user.delete()
