"""Template helpers for case pages, in Python because they repeat on every row."""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.evidence.corroboration import independent_count, sources_label
from tracker.visibility import Visibility

register = template.Library()


@register.filter
def citation_links(citations, fact: str = "") -> SafeString:
    """Footnote marks [n] linking to the sources list, one per source however often it is cited.

    The quotes are the link's tooltip; the accessible name says which fact the mark belongs
    to, so a screen reader's list of links does not read "[1]" twenty times.
    """
    by_number: dict[int, list[str]] = {}
    for citation in citations:
        quote = f"{citation.quote} ({citation.locator})" if citation.locator else citation.quote
        by_number.setdefault(citation.number, [])
        if quote and quote not in by_number[citation.number]:
            by_number[citation.number].append(quote)
    return format_html_join(
        "",
        '<sup class="cite"><a href="#source-{0}" title="{1}" aria-label="{2}">[{0}]</a></sup>',
        ((number, " / ".join(quotes), _mark_name(number, fact)) for number, quotes in by_number.items()),
    )


def _mark_name(number: int, fact: str) -> str:
    if not fact:
        return _("source %(number)s") % {"number": number}
    return _("source %(number)s for: %(fact)s") % {"number": number, "fact": Truncator(fact).chars(80)}


@register.filter
def with_citations(html: str, marks: str) -> SafeString:
    """Rendered Markdown with the citation marks at the end of its last paragraph, not on a line of their own."""
    html = str(html) if isinstance(html, SafeData) else str(escape(html))
    if not marks:
        return mark_safe(html)  # noqa: S308 - html is the markdown filter's sanitised output
    at = html.rfind("</p>")
    if at < 0:
        return mark_safe(html + marks)  # noqa: S308 - both parts are escaped output of filters
    return mark_safe(html[:at] + marks + html[at:])  # noqa: S308 - both parts are escaped output of filters
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


@register.simple_tag
def organization_link(organization, label: str) -> SafeString:
    """The organization's label, linked to its page when the organization is public (it has one)."""
    if organization is None or organization.visibility != Visibility.PUBLIC or label != organization.name:
        return format_html("{}", label)
    return format_html('<a href="{}">{}</a>', reverse("cases:organization", kwargs={"slug": organization.slug}), label)
