"""Icons from the site's sets, as inline <svg><use> so that they take the text colour.

Category icons are files `static/icons/<name>.svg` whose drawing is the element `#i`; the
interface icons are symbols of the sprite `static/icons/ui.svg`.
"""

from functools import cache
from pathlib import Path

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

ICONS_DIR = Path(__file__).resolve().parents[2] / "static" / "icons"
FALLBACK_ICON = "generic"


@cache
def icon_names() -> frozenset[str]:
    """The names of the category icons shipped with the site."""
    return frozenset(path.stem for path in ICONS_DIR.glob("*.svg") if path.stem != "ui")


@register.simple_tag
def category_icon_href(name: str) -> str:
    """The <use> reference of category icon `name`, or of the generic icon if there is none."""
    name = name if name in icon_names() else FALLBACK_ICON
    return f"{static(f'icons/{name}.svg')}#i"


@register.simple_tag
def category_icon(name: str, css_class: str = "icon") -> str:
    """A decorative inline <svg> drawing category icon `name`."""
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" viewBox="0 0 24 24">'
        '<use href="{}"></use></svg>',
        css_class,
        category_icon_href(name),
    )


@register.simple_tag
def ui_icon(name: str, css_class: str = "icon") -> str:
    """A decorative inline <svg> drawing interface icon `name` (pin, clock, phone…)."""
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" viewBox="0 0 24 24">'
        '<use href="{}#{}"></use></svg>',
        css_class,
        static("icons/ui.svg"),
        name,
    )
