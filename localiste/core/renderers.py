"""A form renderer that writes text inputs and textareas without going through templates.

Django renders each widget through three nested templates (text.html includes input.html,
which includes attrs.html); for the contact form under every maker page that was most of
the form's rendering time. The HTML is the one those templates write, character for
character (localiste/core/tests/test_renderers.py compares them).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

# Django's templates that are only django/forms/widgets/input.html under another name.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "url", "tel", "number", "search", "hidden")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def widget_attributes(attrs: dict) -> str:
    """` name="value"` for each attribute, as attrs.html writes them (False left out, True bare)."""
    written = []
    for name, value in attrs.items():
        if value is True:
            written.append(f" {conditional_escape(name)}")
        elif value is not False:
            written.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(written)


class PlainInputRenderer(DjangoTemplates):
    """Django's default renderer, except for text-like inputs and textareas, written here."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name in INPUT_TEMPLATES:
            value = widget["value"]
            value_attribute = "" if value is None else f' value="{conditional_escape(value)}"'
            return (
                f'<input type="{conditional_escape(widget["type"])}" '
                f'name="{conditional_escape(widget["name"])}"{value_attribute}'
                f"{widget_attributes(widget['attrs'])}>"
            )
        if template_name == TEXTAREA_TEMPLATE:
            text = conditional_escape(widget["value"]) if widget["value"] else ""
            return (
                f'<textarea name="{conditional_escape(widget["name"])}"'
                f"{widget_attributes(widget['attrs'])}>\n{text}</textarea>"
            )
        return super().render(template_name, context, request=request)
