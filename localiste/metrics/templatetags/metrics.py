from django import template
from django.urls import reverse

from localiste.metrics.clicks import click_token

register = template.Library()


@register.simple_tag
def contact_click_url(link: str, object_id: int) -> str:
    """The address that counts a click on `link` ("phone", "website") of listing `object_id`."""
    return reverse("metrics:contact_click", args=[click_token(link=link, object_id=object_id)])
