"""`{% contact_form maker %}`: the contact form, for maker and product pages."""

from django import template
from django.conf import settings
from django.urls import reverse

from localiste.messaging.forms import ContactForm

register = template.Library()


@register.inclusion_tag("messaging/includes/contact_form.html", takes_context=True)
def contact_form(context, maker, product=None) -> dict:
    """An empty contact form that posts to `maker`'s contact page (about `product`, if any)."""
    form = ContactForm(initial={"product": product.slug if product else ""})
    return {
        "form": form,
        "maker": maker,
        "product": product,
        "action": reverse("messaging:contact", kwargs={"slug": maker.slug}),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "retention_days": settings.MESSAGE_RETENTION_DAYS,
    }
