from django import template

from tracker.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown", is_safe=True)
def markdown_filter(text: str | None):
    """{% load tracker_markdown %}{{ case.summary|markdown }}: sanitized HTML, safe links only."""
    return render_markdown(text)
