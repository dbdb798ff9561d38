"""Responsive images: `{% picture photo sizes="…" %}` gives WebP and JPEG sources at every width."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attributes(attrs: dict) -> SafeString:
    """` name="value"` for each attribute not None, in name order, as flatatt writes them.

    flatatt formats every attribute through format_html, which costs more than the rest of
    the tag on pages with many pictures.
    """
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f' {name}="{conditional_escape(value)}"'
            for name, value in sorted(attrs.items())
            if value is not None
        )
    )


@register.simple_tag
def picture(
    photo,
    sizes: str = "100vw",
    css_class: str = "",
    loading: str = "lazy",
    alt: str | None = None,
    fetchpriority: str = "",
) -> str:
    """A <picture> for `photo` (WebP then JPEG srcset), or a plain <img> without renditions.

    The intrinsic width and height let the browser reserve the space before the image
    arrives; `alt=""` marks a decorative image. Empty for no photo.
    """
    if photo is None:
        return ""
    image_attrs = {
        "src": photo.fallback_url,
        "width": photo.width,
        "height": photo.height,
        "alt": photo.alt_text if alt is None else alt,
        "loading": loading or None,
        "decoding": "async",
        "fetchpriority": fetchpriority or None,
    }
    css = _attributes({"class": css_class or None})
    if not photo.renditions:
        return format_html("<img{}{}>", css, _attributes(image_attrs))
    image_attrs.update(srcset=photo.srcset("jpg"), sizes=sizes)
    source_attrs = {"type": "image/webp", "srcset": photo.srcset("webp"), "sizes": sizes}
    return format_html(
        "<picture{}><source{}><img{}></picture>",
        css,
        _attributes(source_attrs),
        _attributes(image_attrs),
    )
