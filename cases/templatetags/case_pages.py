"""Template helpers for case pages, in Python because they repeat on every row."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cases.evidence.corroboration import independent_count, sources_label

register = template.Library()


@register.filter
def citation_links(citations) -> SafeString:
    """Footnote marks [n] linking to the sources list; the quote is the link's tooltip."""
    return format_html_join(
        "",
        '<sup class="cite"><a href="#source-{0}" title="{1}" aria-label="{2}">[{0}]</a></sup>',
        (
            (
                citation.number,
                f"{citation.quote} ({citation.locator})" if citation.locator else citation.quote,
                _("source %(number)s") % {"number": citation.number},
            )
            for citation in citations
        ),
    )


@register.filter
def source_count(citations) -> SafeString:
    """ "2 sources": the independent sources among those the page shows (cases/evidence/corroboration.py)."""
    count = independent_count(citation.source for citation in citations)
    if not count:
        return ""
    return format_html(' <span class="source-count">({})</span>', sources_label(count))


@register.simple_tag
def fuzzy_time(date) -> SafeString:
    """A FuzzyDate as <time>, machine-readable only as precisely as it is known."""
    if date is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', date.iso, str(date))
