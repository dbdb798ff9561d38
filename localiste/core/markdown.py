"""Markdown written by makers and operators, rendered to HTML that cannot carry a script."""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "a",
    "code",
    "hr",
}


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for `text`: headings shifted below the page's h1, links kept safe.

    The same text gives the same HTML: a maker page shared by word of mouth is viewed many
    times between two edits, so each process keeps the last 256 renderings.
    """
    return mark_safe(_rendered(text or ""))  # noqa: S308 - nh3 output


@lru_cache(maxsize=256)  # at most ~12 MB: 20,000-character texts, 30 KB of HTML
def _rendered(text: str) -> str:
    html = _markdown.render(text)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="nofollow noopener ugc",
    )
    return cleaned
