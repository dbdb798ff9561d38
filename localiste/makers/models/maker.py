"""A maker's listing, its categories and the people who manage it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localiste.core.models import LocationModel, TimeStampedModel
from localiste.makers.duplicate_keys import DUPLICATE_INDEXES
from localiste.makers.models.texts import CheckedWhenChanged
from localiste.makers.models.workshop import (
    SPOKEN_LANGUAGES,
    ChoiceListValidator,
    PaymentMethod,
    WorkshopAccess,
)
from localiste.makers.validators import MarkdownLimitValidator

STORY_LIMIT = MarkdownLimitValidator(setting="MAX_STORY_CHARS")


# A position shown to about a kilometre (0.01° of latitude ≈ 1.1 km).
COMMUNE_DECIMALS = 2


def public_point(
    *,
    latitude: float,
    longitude: float,
    exact: bool,
    place_point: tuple[float, float] | None,
) -> tuple[float, float]:
    """Where the public may see a maker at (`latitude`, `longitude`): the point itself (to a
    metre) when `exact`, else its commune's centre `place_point`, else the point to about a
    km. Maker.public_point and the search documents (hence maps and distances) both ask here."""
    if exact:
        return round(latitude, 5), round(longitude, 5)
    if place_point is not None:
        return round(place_point[0], 4), round(place_point[1], 4)
    return round(latitude, COMMUNE_DECIMALS), round(longitude, COMMUNE_DECIMALS)


def status_unindexed(*statuses: str) -> models.Q:
    """The listings of `statuses`, as a filter that keeps the (status, published_at) index
    out of the plan: without statistics, SQLite plans an equality on the status first and
    reads every published listing, where a narrower index (a position, a date) fits. The
    values are lower case, so `iexact` selects exactly them."""
    condition = models.Q()
    for status in statuses:
        condition |= models.Q(status__iexact=status)
    return condition


class Maker(CheckedWhenChanged, LocationModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PENDING = "pending", _("pending review")
        PUBLISHED = "published", _("published")
        NEEDS_CHANGES = "needs_changes", _("needs changes")
        SUSPENDED = "suspended", _("suspended")
        REFUSED = "refused", _("refused")

    class Precision(models.TextChoices):
        EXACT = "exact", _("exact address")
        COMMUNE = "commune", _("commune only")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    story = models.TextField(
        _("story"), blank=True, help_text=_("Markdown."), validators=[STORY_LIMIT]
    )
    know_how = models.TextField(
        _("know-how"), blank=True, help_text=_("Markdown."), validators=[STORY_LIMIT]
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
    )
    legal_name = models.CharField(_("legal name"), max_length=160, blank=True)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^\d{14}$", _("A SIRET number has 14 digits."))],
    )
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)

    primary_category = models.ForeignKey(
        "catalog.Category",
        verbose_name=_("main category"),
        on_delete=models.PROTECT,
        related_name="primary_makers",
    )
    categories = models.ManyToManyField(
        "catalog.Category",
        verbose_name=_("categories"),
        through="MakerCategory",
        related_name="makers",
    )
    labels = models.ManyToManyField("catalog.Label", verbose_name=_("labels"), blank=True)

    street = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    locality = models.CharField(_("town"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    location_precision = models.CharField(
        _("location shown"),
        max_length=8,
        choices=Precision.choices,
        default=Precision.EXACT,
        help_text=_("Makers working from home may show their commune only."),
    )
    territories = models.ManyToManyField(
        "places.Territory", verbose_name=_("territories"), blank=True, related_name="makers"
    )

    email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Never shown: customers' messages are relayed to it."),
    )
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    shop_url = models.URLField(_("online shop"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)

    offers_workshop_visits = models.BooleanField(_("workshop visits"), default=False)
    offers_on_site_sale = models.BooleanField(_("sale at the workshop"), default=False)
    offers_online_shop = models.BooleanField(_("online shop"), default=False)
    offers_made_to_order = models.BooleanField(_("made to order"), default=False)
    offers_shipping = models.BooleanField(_("shipping"), default=False)
    hours_note = models.CharField(_("note on opening hours"), max_length=200, blank=True)
    # Visiting the workshop: lists of codes (JSON arrays), checked against their choices.
    offers_visits_by_appointment = models.BooleanField(_("visits by appointment"), default=False)
    payment_methods = models.JSONField(
        _("payment methods"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(PaymentMethod.values)],
    )
    languages_spoken = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(SPOKEN_LANGUAGES)],
        help_text=_("ISO 639-1 codes."),
    )
    workshop_access = models.CharField(
        _("wheelchair access to the workshop"),
        max_length=16,
        choices=WorkshopAccess.choices,
        default=WorkshopAccess.UNKNOWN,
    )
    workshop_access_note = models.CharField(_("note on access"), max_length=200, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Chosen by the operators for the home page; never sold."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # An imported listing: its source, its key there (unique per source), what the source
    # said of each field at the last import (a field whose value differs now was edited here
    # since, and a re-sync proposes the source's value instead of writing it), and when the
    # source last listed it.
    source = models.ForeignKey(
        "makers.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="makers",
    )
    source_key = models.CharField(
        _("import key"),
        max_length=80,
        null=True,
        blank=True,
        help_text=_("Identifier in the source of an imported listing."),
    )
    source_values = models.JSONField(_("values at the last import"), default=dict, blank=True)
    source_seen_at = models.DateTimeField(_("last listed by its source"), null=True, blank=True)
    # Set once, by the first complete run of its source that did not list it (a closed
    # establishment), cleared when the source lists it again; the operators decide on it
    # at the desk (`source_vanished_decided_at`). Never deleted for that.
    source_vanished_at = models.DateTimeField(
        _("no longer in its source since"), null=True, blank=True
    )
    source_vanished_decided_at = models.DateTimeField(
        _("vanishing decided on"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    eligibility = models.JSONField(
        _("eligibility answers"),
        default=dict,
        blank=True,
        help_text=_("What the maker answered when listing their workshop, for the moderators."),
    )
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    # The language mails to the maker are written in: the space's at sign-up, then theirs.
    language = models.CharField(_("language of mails"), max_length=8, default="fr")
    # Freshness: when the team last said the listing is current, and when they were asked.
    confirmed_at = models.DateTimeField(_("confirmed as current"), null=True, blank=True)
    freshness_asked_at = models.DateTimeField(_("asked to confirm"), null=True, blank=True)
    freshness_reminded_at = models.DateTimeField(_("reminded to confirm"), null=True, blank=True)
    review_note = models.TextField(
        _("note from the moderators"),
        blank=True,
        help_text=_("Shown to the maker when their page needs changes."),
    )

    CHECKED_WHEN_CHANGED = ("story", "know_how")

    class Meta:
        verbose_name = _("maker")
        verbose_name_plural = _("makers")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="maker_status_published"),
            models.Index(
                fields=["-published_at"],
                condition=models.Q(is_featured=True),
                name="maker_featured",
            ),
            # The desk lists the listings still unconfirmed after the freshness reminder.
            models.Index(
                fields=["freshness_reminded_at"],
                condition=models.Q(freshness_reminded_at__isnull=False),
                name="maker_freshness_reminded",
            ),
            # The desk lists the listings gone from their source that wait for a decision.
            models.Index(
                fields=["source_vanished_at"],
                condition=models.Q(
                    source_vanished_at__isnull=False, source_vanished_decided_at__isnull=True
                ),
                name="maker_source_vanished",
            ),
            # What duplicate detection looks up (same SIRET, email, phone, website; nearby).
            *DUPLICATE_INDEXES,
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_key"], name="maker_source_key_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # Visits by appointment are workshop visits: a search for them finds this maker.
        # Every save of a listing (maker space, admin, merge, creation) runs this.
        if self.offers_visits_by_appointment:
            self.offers_workshop_visits = True

    def get_absolute_url(self) -> str:
        return reverse("makers:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def shows_exact_address(self) -> bool:
        return self.location_precision == self.Precision.EXACT

    @property
    def public_point(self) -> tuple[float, float] | None:
        """Where the public may see this maker: the exact point (to a metre), or for one
        who shows their town only, the commune's centre (else the point to about a km).
        The only place that decides it: the page, the API, feeds and open data read it."""
        if not self.has_location:
            return None
        place = self.place if self.place_id else None
        return public_point(
            latitude=self.latitude,
            longitude=self.longitude,
            exact=self.shows_exact_address,
            place_point=(place.latitude, place.longitude)
            if place is not None and place.has_location
            else None,
        )


class MakerCategory(models.Model):
    """A maker listed in a category, directly or through one of the category's children.

    Rows for ancestors let a category page read "its makers and its children's" from one
    index range; `listed_at` repeats the maker's publication date (null while unpublished)
    so that the newest listed makers of a category come straight from the index.
    """

    maker = models.ForeignKey(Maker, on_delete=models.CASCADE, related_name="category_links")
    category = models.ForeignKey(
        "catalog.Category", on_delete=models.CASCADE, related_name="maker_links"
    )
    is_direct = models.BooleanField(default=True)
    listed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["maker", "category"], name="makercategory_unique")
        ]
        indexes = [
            models.Index(fields=["category", "-listed_at", "-maker"], name="makercategory_listing")
        ]

    def __str__(self) -> str:
        return f"{self.maker_id} in {self.category_id}"


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MANAGER = "manager", _("manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    maker = models.ForeignKey(Maker, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MANAGER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "maker"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.maker} ({self.get_role_display()})"
