"""Posting an admin change form as an operator's browser would: every field as it is shown."""

from django.forms import BaseFormSet, BooleanField, Form


def _form_values(form: Form) -> dict:
    values: dict = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, BooleanField):
            if value:
                values[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            values[bound.html_name] = [str(item) for item in value]
        elif value is not None:
            values[bound.html_name] = str(value.pk if hasattr(value, "pk") else value)
    return values


def _formset_values(formset: BaseFormSet) -> dict:
    values = _form_values(formset.management_form)
    for form in formset.forms:
        values.update(_form_values(form))
    return values


def admin_form_data(response, **changes) -> dict:
    """The data of the admin change page in `response`, with `changes` (field: value) applied."""
    context = response.context
    data = _form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        data.update(_formset_values(inline.formset))
    data.update({name: str(value) for name, value in changes.items()})
    return data
