"""Markdown for text staff write (summaries, notes, event descriptions), rendered so a pasted script never runs.

Two layers: Markdown is told to treat raw HTML as text (it is escaped, not passed through),
and the result goes through nh3 (the Ammonia sanitizer) with a short allow-list, so a
Markdown quirk can still produce nothing but these tags and safe links.
"""

from __future__ import annotations

import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# No javascript:, data:, vbscript: or relative tricks: only addresses that leave through a normal link.
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One converter per thread, reset between texts: building one costs more than converting
    a short text (a page of 200 timeline entries spent half its time here)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        # Raw HTML blocks and inline tags become escaped text instead of markup.
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        _local.converter = converter
    return converter.reset()


def render_markdown(text: str | None) -> SafeString:
    if not text:
        return mark_safe("")
    html = _converter().convert(str(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308  (sanitized by nh3 just above)
