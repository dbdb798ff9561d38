"""Markdown fields checked when they change, not on every save of their row."""

from __future__ import annotations


class CheckedWhenChanged:
    """A model mixin: the fields of `CHECKED_WHEN_CHANGED` skip validation while they hold
    the value they were loaded with.

    Their validators render Markdown (makers.validators), which costs milliseconds a text;
    services validate whole rows inside their transaction, so a save of an address would
    render the story again while holding the write lock. Values that were saved have been
    checked then; a row from before a limit existed can still be saved (its other fields
    changed) and only its text, once changed, must meet the limit.
    """

    CHECKED_WHEN_CHANGED: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_texts = {
            name: getattr(instance, name)
            for name in cls.CHECKED_WHEN_CHANGED
            if name in field_names
        }
        return instance

    def clean_fields(self, exclude=None):
        loaded = getattr(self, "_loaded_texts", {})
        unchanged = {name for name, value in loaded.items() if getattr(self, name) == value}
        super().clean_fields(exclude=set(exclude or ()) | unchanged)
