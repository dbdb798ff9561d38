"""Responsive images: `{% picture photo sizes="…" %}` gives WebP and JPEG sources at every width."""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html

register = template.Library()


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
    if not photo.renditions:
        return format_html("<img{}{}>", flatatt({"class": css_class or None}), flatatt(image_attrs))
    image_attrs.update(srcset=photo.srcset("jpg"), sizes=sizes)
    source_attrs = {"type": "image/webp", "srcset": photo.srcset("webp"), "sizes": sizes}
    return format_html(
        "<picture{}><source{}><img{}></picture>",
        flatatt({"class": css_class or None}),
        flatatt(source_attrs),
        flatatt(image_attrs),
    )
