"""The desk's decision forms: one per action, each under its own prefix on the item page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

NOTE_MAX = 4000
# What an operator checks before a listing goes public (the directory's rules).
CHECKLIST = (
    ("made_locally", _("Made locally, by the maker (not resold)")),
    ("non_food", _("Non-food goods")),
    ("in_territory", _("Workshop in the territory")),
    ("real_photos", _("Real photos of their own work")),
)


class NoteForm(forms.Form):
    """A decision that says something to the maker: required unless `note_required` False."""

    note_required = True
    note_label = _("Message to the maker")
    note_help = ""

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=NOTE_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        field.required = self.note_required
        field.label = self.note_label
        field.help_text = self.note_help


class RequestChangesForm(NoteForm):
    note_label = _("What should the maker change?")
    note_help = _("Sent to the maker by email and shown in their space.")


class RefuseForm(NoteForm):
    note_label = _("Reason for refusing")
    note_help = _("Sent to the maker by email.")


class SuspendForm(NoteForm):
    note_label = _("Reason for suspending")
    note_help = _("Sent to the maker by email; the listing is hidden from the public.")


class RestoreForm(NoteForm):
    note_label = _("Reason for publishing it again")
    note_help = _("Sent to the maker by email.")


class ClaimRefuseForm(NoteForm):
    note_label = _("Reason for refusing")
    note_help = _("Sent by email to the person who claimed the listing.")


class OptionalNoteForm(NoteForm):
    note_required = False
    note_label = _("Note for the record (optional)")


class ApproveForm(forms.Form):
    """Approving: with the checklist ticked, when the item has one."""

    def __init__(self, *args, checklist: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if checklist:
            for name, label in CHECKLIST:
                self.fields[name] = forms.BooleanField(
                    label=label,
                    required=True,
                    error_messages={"required": _("Check this before approving.")},
                )

    def checklist(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _label in CHECKLIST}


class MergeForm(forms.Form):
    """Which listing's value to keep where both listings have one, and the versions of the
    two listings the operator compared (a listing saved since refuses the merge)."""

    survivor_version = forms.IntegerField(widget=forms.HiddenInput)
    absorbed_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, conflicts=(), survivor=None, absorbed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor_version"].initial = survivor.version if survivor else None
        self.fields["absorbed_version"].initial = absorbed.version if absorbed else None
        for conflict in conflicts:
            self.fields[f"field_{conflict.field}"] = forms.ChoiceField(
                label=str(conflict.label),
                choices=[
                    ("survivor", conflict.survivor_text or "—"),
                    ("absorbed", conflict.absorbed_text or "—"),
                ],
                widget=forms.RadioSelect,
                initial="survivor",
                error_messages={"required": _("Choose the value to keep.")},
            )

    def choices(self) -> dict[str, str]:
        return {
            name.removeprefix("field_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("field_")
        }


class SourceApplyForm(forms.Form):
    """Which of the fields a source proposes to take (all of them, unless unticked)."""

    note = forms.CharField(
        label=_("Note for the record (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX,
        required=False,
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[f"field_{row.key}"] = forms.BooleanField(
                label=_("Take the source's value of “%(field)s”") % {"field": row.label},
                required=False,
                initial=True,
            )
        self.order_fields([name for name in self.fields if name != "note"])

    def chosen(self) -> list[str]:
        """The fields ticked (their names, without the "field_" of the checkboxes)."""
        return [
            name.removeprefix("field_")
            for name, value in self.cleaned_data.items()
            if name.startswith("field_") and value
        ]

    def clean(self):
        cleaned = super().clean()
        # For the decision it feeds (the desk's actions get the cleaned data, not the form).
        cleaned["fields"] = self.chosen()
        return cleaned
