"""`{{ text|markdown }}`: Markdown written by makers and operators, as sanitised HTML."""

from django import template
from django.utils.safestring import SafeString

from localiste.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Sanitised HTML for the Markdown `text` (headings start at h2)."""
    return render_markdown(text)
