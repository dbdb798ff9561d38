"""Reading the sites an operator allows to frame the widget: one origin a line."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A host name (its first label may be "*", for every sub-domain), an IPv4 address or
# "localhost": letters, digits, hyphens and dots only, so nothing can break out of the header.
_HOST = re.compile(
    r"(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
)


def origin_clean(text: str) -> str:
    """`text` as a CSP source, "https://www.example.org" or "http://localhost:8080";
    ValidationError with a message for the operator when it is not a site's address."""
    text = text.strip()
    error = ValidationError(
        _(
            "“%(origin)s” is not the address of a site: write its scheme and host, such as "
            "https://www.example.org (a port may follow, as in https://example.org:8443; "
            "no path)."
        ),
        code="invalid_origin",
        params={"origin": text[:200]},
    )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise error from None
    host = (parts.hostname or "").lower()
    if not host.isascii():  # "mairie-bègles.fr": CSP wants its ASCII form, as browsers send it
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise error from None
    if (
        parts.scheme.lower() not in ("http", "https")
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
        or not _HOST.fullmatch(host)
    ):
        raise error
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def origins_parse(text: str) -> list[str]:
    """The origins of `text`, one a line (blank lines skipped, duplicates once), cleaned;
    ValidationError naming every line that is not a site's address."""
    origins, errors = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            origin = origin_clean(line)
        except ValidationError as error:
            errors.append(error)
            continue
        if origin not in origins:
            origins.append(origin)
    if errors:
        raise ValidationError(errors)
    return origins
