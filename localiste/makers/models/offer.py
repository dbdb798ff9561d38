"""What a maker offers and where: products, opening hours, other places to buy."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TimeStampedModel
from localiste.makers.models.texts import CheckedWhenChanged
from localiste.makers.validators import MarkdownLimitValidator

PRODUCT_DESCRIPTION_MAX_CHARS = 5000
# The products visitors see: shown by their maker, and nothing of them waiting for review.
PUBLIC_PRODUCTS = models.Q(is_published=True, pending_review=False)


class Product(CheckedWhenChanged, TimeStampedModel):
    class PriceKind(models.TextChoices):
        FIXED = "fixed", _("fixed price")
        RANGE = "range", _("price range")
        QUOTE = "quote", _("on quote")

    maker = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=PRODUCT_DESCRIPTION_MAX_CHARS,
        help_text=_("Markdown."),
        validators=[MarkdownLimitValidator(max_chars=PRODUCT_DESCRIPTION_MAX_CHARS)],
    )
    category = models.ForeignKey(
        "catalog.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    materials = models.CharField(_("materials"), max_length=200, blank=True)
    price_kind = models.CharField(
        _("price"), max_length=8, choices=PriceKind.choices, default=PriceKind.FIXED
    )
    price_min = models.DecimalField(
        _("price (from)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_max = models.DecimalField(
        _("price (up to)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    made_to_order = models.BooleanField(_("made to order"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    # New or edited on a published listing whose products the operators review
    # (settings.REVIEWED_FIELDS): off the public page until they approve it.
    pending_review = models.BooleanField(_("waiting for review"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Moved on by every change of the fields above, so that an edit made from an older
    # version is refused (makers.services.EditConflict) instead of overwriting it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    CHECKED_WHEN_CHANGED = ("description",)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["maker", "slug"], name="product_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        """Whether visitors see it (the maker shows it, and nothing of it waits for review)."""
        return self.is_published and not self.pending_review

    def get_absolute_url(self) -> str:
        return reverse(
            "makers:product", kwargs={"slug": self.maker.slug, "product_slug": self.slug}
        )


class OpeningPeriod(models.Model):
    """One opening range on one weekday; a day may have several (morning and afternoon)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    maker = models.ForeignKey(
        "makers.Maker", on_delete=models.CASCADE, related_name="opening_periods"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening period")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class SalesPoint(models.Model):
    """Somewhere else to buy the maker's work: a shop, a market, a fair, a website."""

    class Kind(models.TextChoices):
        SHOP = "shop", _("shop")
        MARKET = "market", _("market")
        FAIR = "fair", _("fair")
        ONLINE = "online", _("online")

    maker = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="sales_points")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    locality = models.CharField(_("town"), max_length=120, blank=True)
    url = models.URLField(_("web address"), blank=True)
    schedule = models.CharField(
        _("when"), max_length=200, blank=True, help_text=_("E.g. every Saturday morning.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("place to buy")
        verbose_name_plural = _("where else to buy")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
