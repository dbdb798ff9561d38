"""The public contact pages: the form (also on maker and product pages) and its answer."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from localiste.core.site_url import site_root
from localiste.messaging.forms import ContactForm
from localiste.messaging.selectors import maker_get_contactable, product_get_contactable
from localiste.messaging.services import contact_message_submit
from localiste.messaging.spam import PER_IP, PER_MAKER, rate_limit_exceeded
from localiste.metrics.limits import address_key


def _form_page(request, maker, form, product, *, status: int = 200):
    context = {
        "maker": maker,
        "form": form,
        "product": product,
        "action": reverse("messaging:contact", kwargs={"slug": maker.slug}),
        "retention_days": settings.MESSAGE_RETENTION_DAYS,
    }
    return render(request, "messaging/contact.html", context, status=status)


def _too_many(request, maker, *, reason: str):
    return render(
        request, "messaging/rate_limited.html", {"maker": maker, "reason": reason}, status=429
    )


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request, slug):
    """The contact form on its own page; receives the form of maker and product pages too."""
    maker = maker_get_contactable(slug=slug)
    if request.method in ("GET", "HEAD"):
        form = ContactForm(initial={"product": request.GET.get("produit", "")})
        product = product_get_contactable(maker=maker, slug=form["product"].value() or "")
        return _form_page(request, maker, form, product)
    limit, window = PER_IP
    # The visitor's address, read behind TRUSTED_PROXY_COUNT proxies as the login limits do.
    ip = address_key(get_adapter(request).get_client_ip(request))
    if rate_limit_exceeded(scope="contact-ip", key=ip, limit=limit, window_seconds=window):
        return _too_many(request, maker, reason="ip")
    form = ContactForm(request.POST)
    product = None
    if form.is_valid():
        product = product_get_contactable(maker=maker, slug=form.cleaned_data["product"])
        if form.is_from_robot:
            return redirect("messaging:sent", slug=maker.slug)
        limit, window = PER_MAKER
        if rate_limit_exceeded(
            scope="contact-maker", key=str(maker.pk), limit=limit, window_seconds=window
        ):
            return _too_many(request, maker, reason="maker")
        contact_message_submit(
            maker=maker,
            product=product,
            sender_name=form.cleaned_data["name"],
            sender_email=form.cleaned_data["email"],
            sender_phone=form.cleaned_data["phone"],
            body=form.cleaned_data["message"],
            language=get_language(),
            site_url=site_root(request),
        )
        return redirect("messaging:sent", slug=maker.slug)
    return _form_page(request, maker, form, product, status=400)


@require_safe
def sent(request, slug):
    """The answer after sending: what happens next."""
    maker = maker_get_contactable(slug=slug)
    return render(request, "messaging/sent.html", {"maker": maker})
