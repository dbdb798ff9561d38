"""The taxonomy: a tree of non-food goods and the labels a maker may hold."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TranslatedNameModel, translated


class Category(TranslatedNameModel):
    """A kind of goods, at most three levels deep (e.g. Furniture › Tables › Dining tables).

    `published_maker_count` is kept by the makers' services (a maker counts once in its
    categories and in each of their ancestors), so that pages never count makers per request.
    """

    MAX_DEPTH = 3

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1, editable=False)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=40,
        blank=True,
        help_text=_(
            "Name of an icon of the site's icon set, e.g. “vase” for static/icons/vase.svg."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published_maker_count = models.PositiveIntegerField(
        _("published makers"), default=0, editable=False
    )
    # Read through makers.transport (inherited from the nearest ancestor, cached); the
    # method page /transport-evite/ explains the shipped values. Half the Earth's
    # circumference twice over bounds any real route.
    typical_origin_km = models.PositiveIntegerField(
        _("typical distance from far away (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(40_000)],
        help_text=_(
            "How far a product of this kind made far away typically travels to reach the "
            "territory, by sea and road, in km. Empty: the parent category's value; empty on a "
            "top-level category: no estimate of transport avoided is shown."
        ),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_fr"]

    @property
    def description(self) -> str:
        return translated(self, "description")

    def get_absolute_url(self) -> str:
        return reverse("discovery:category", kwargs={"slug": self.slug})

    def levels_below(self) -> int:
        """How many levels of sub-categories this category holds (0 to MAX_DEPTH - 1)."""
        if self.pk is None:
            return 0
        for levels in range(self.MAX_DEPTH - 1, 0, -1):
            if Category.objects.filter(**{"__".join(["parent"] * levels): self}).exists():
                return levels
        return 0

    def clean(self):
        ancestor, depth = self.parent, 1
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            ancestor, depth = ancestor.parent, depth + 1
        if depth > self.MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": _("Categories are at most %(depth)d levels deep.")
                    % {"depth": self.MAX_DEPTH}
                }
            )
        if depth + self.levels_below() > self.MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": _(
                        "Categories are at most %(depth)d levels deep: there, the "
                        "sub-categories of this one would be deeper."
                    )
                    % {"depth": self.MAX_DEPTH}
                }
            )

    def save(self, *args, **kwargs):
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        super().save(*args, **kwargs)


class Label(TranslatedNameModel):
    """A certification or programme: Artisan d'art, Entreprise du Patrimoine Vivant…"""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name_fr"]

    @property
    def description(self) -> str:
        return translated(self, "description")


class CategoryRedirect(models.Model):
    """The address of a category that was merged into another one (or renamed), kept so that
    links and bookmarks to `/categories/<old_slug>/` lead to `category` for good."""

    old_slug = models.SlugField(_("old slug"), max_length=80, unique=True)
    # No reverse accessor: a redirect does not make its category "in use" (it may still be
    # deleted, and its redirects with it).
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("category redirect")
        verbose_name_plural = _("category redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.category_id}"
