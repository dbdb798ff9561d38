"""Forms of the maker space for photos, products, the team and claims."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from localiste.makers.models import Photo, Product
from localiste.makers.services.products import PRODUCT_FIELDS
from localiste.space.forms import category_choices

ALT_HELP = _(
    "Describe the photo for people who cannot see it, e.g. “Hands stitching a leather bag”."
)


class PhotoUploadForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    kind = forms.ChoiceField(
        label=_("Where it goes"),
        choices=[
            (Photo.Kind.GALLERY, _("Gallery")),
            (Photo.Kind.COVER, _("Cover (the wide picture at the top of your page)")),
            (Photo.Kind.LOGO, _("Logo")),
        ],
        initial=Photo.Kind.GALLERY,  # what the browser sends untouched: nothing changed
    )
    alt_text = forms.CharField(label=_("Description"), max_length=200, help_text=ALT_HELP)
    caption = forms.CharField(label=_("Caption (optional)"), max_length=200, required=False)


class ProductPhotoForm(PhotoUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class PhotoEditForm(forms.Form):
    alt_text = forms.CharField(label=_("Description"), max_length=200, help_text=ALT_HELP)
    caption = forms.CharField(label=_("Caption (optional)"), max_length=200, required=False)
    # The version of the photo the editor started from (makers.services.photo_update).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ProductForm(forms.ModelForm):
    # The version of the product the editor started from (makers.services.product_update);
    # a new product has none.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)
        labels = {
            "price_kind": _("Price"),
            "price_min": _("Price (or lowest price) in euros"),
            "price_max": _("Highest price in euros (for a range)"),
            "is_published": _("Show it on my page"),
        }
        widgets = {
            "price_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        category.choices = [("", category.empty_label), *category_choices()]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean(self):
        data = super().clean()
        kind = data.get("price_kind")
        low, high = data.get("price_min"), data.get("price_max")
        if kind == Product.PriceKind.FIXED and low is None:
            self.add_error("price_min", _("Give the price, or choose “on quote”."))
        if kind == Product.PriceKind.RANGE:
            if low is None or high is None:
                self.add_error("price_max", _("Give the lowest and the highest price."))
            elif high < low:
                self.add_error("price_max", _("The highest price must not be below the lowest."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email of the person to invite"),
        help_text=_("They will get a link; they must log in with this address to join."),
    )


class TransferForm(forms.Form):
    membership = forms.TypedChoiceField(label=_("New owner"), coerce=int)

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [
            (m.pk, m.user.get_full_name() or m.user.email or m.user.get_username())
            for m in memberships
        ]


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Anything the operators should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. how to reach you to check that this workshop is yours."),
    )
