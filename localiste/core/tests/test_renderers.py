"""Inputs written without templates come out exactly as Django's widget templates write them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from localiste.core.renderers import PlainInputRenderer
from localiste.messaging.forms import ContactForm


class EveryInputForm(forms.Form):
    text = forms.CharField(max_length=20, help_text="Help")
    email = forms.EmailField(required=False)
    url = forms.URLField(assume_scheme="https")
    number = forms.IntegerField(min_value=1, disabled=True)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    telephone = forms.CharField(widget=forms.TelInput(attrs={"data-x": True}))
    search = forms.CharField(widget=forms.SearchInput(attrs={"autofocus": True, "off": False}))
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), min_length=2)


def rendered(form_class, renderer, **kwargs) -> list[str]:
    form = form_class(renderer=renderer, **kwargs)
    return [str(field) for field in form] + [str(form.non_field_errors()), str(form.errors)]


@pytest.mark.parametrize("form_class", [EveryInputForm, ContactForm])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": 'Ô <b>"quoted"</b> & co', "number": "0", "message": "\n<script>x</script>"},
        {"url": "nope", "email": "a@b.c", "hidden": "'", "message": "x", "website": "<"},
    ],
)
def test_plain_inputs_render_like_the_widget_templates(form_class, data):
    initial = {"text": "<initial>", "number": 3}
    templates = rendered(form_class, DjangoTemplates(), data=data, initial=initial)
    plain = rendered(form_class, PlainInputRenderer(), data=data, initial=initial)
    assert plain == templates
