"""Search the whole database for what identifies a person (after their account is erased)."""

from django.apps import apps
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def rows_containing(needles: list[str]) -> list[tuple[str, str, object]]:
    """(model, field, pk) of every text or JSON value of every table that contains a needle.

    Case-insensitive; every installed model is searched, including third-party ones
    (allauth's addresses and sessions, Django's sessions and admin log).
    """
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for field in fields:
            for needle in filter(None, needles):
                lookup = {f"{field.attname}__icontains": needle}
                for pk in model._default_manager.filter(**lookup).values_list("pk", flat=True):
                    found.append((model._meta.label, field.name, pk))
    return found
