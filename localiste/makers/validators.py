"""Limits on what makers write: Markdown that stays small on the page that shows it.

A limit on characters alone does not bound the page: Markdown lets a few characters stand
for many bytes of HTML (a reference link repeated, nested quotes, lists of empty items). So
a text is refused if it is longer than its limit, or if its HTML would take more than
HTML_BYTES_PER_CHAR bytes per allowed character; prose, lists and links written by people
stay far below that.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from localiste.core.markdown import render_markdown

HTML_BYTES_PER_CHAR = 1.5


@lru_cache(maxsize=64)
def markdown_html_bytes(text: str) -> int:
    """How many bytes of HTML `text` becomes on a page.

    Kept for the last texts seen: a form checks a text before its service saves it, and the
    service's check inside its transaction (the write lock) then costs nothing.
    """
    return len(render_markdown(text).encode())


@deconstructible
class MarkdownLimitValidator:
    """Refuses Markdown above `max_chars` characters (or the setting `setting`), or whose
    HTML would exceed HTML_BYTES_PER_CHAR bytes per allowed character."""

    too_long = ngettext_lazy(
        "Please shorten this text to %(limit)d character at most (it has %(count)d).",
        "Please shorten this text to %(limit)d characters at most (it has %(count)d).",
        "limit",
    )
    too_heavy = _(
        "Once laid out on the page, this text takes too much room: links, lists and "
        "emphasis repeated many times add to it. Please shorten it or simplify it."
    )

    def __init__(self, *, max_chars: int | None = None, setting: str = ""):
        if (max_chars is None) == (not setting):
            raise ValueError("give max_chars or setting")
        self.max_chars = max_chars
        self.setting = setting

    @property
    def limit(self) -> int:
        return self.max_chars if self.max_chars is not None else getattr(settings, self.setting)

    def __call__(self, text: str) -> None:
        limit = self.limit
        if len(text) > limit:
            raise ValidationError(
                self.too_long, code="max_length", params={"limit": limit, "count": len(text)}
            )
        if text and markdown_html_bytes(text) > limit * HTML_BYTES_PER_CHAR:
            raise ValidationError(self.too_heavy, code="html_too_large")

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, MarkdownLimitValidator)
            and self.max_chars == other.max_chars
            and self.setting == other.setting
        )

    def __hash__(self) -> int:
        return hash((self.max_chars, self.setting))
