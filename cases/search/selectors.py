"""One search box over cases, people (every spelling), organizations, charges and sources.

Everything is read through the gate (cases/visibility.py), so the public finds public
data only and a snippet can only quote what the searcher may read. Names are folded
to ASCII (people/names.fold_name): "Билаш", "Biläş" and "bilash" meet at "bilash".
On PostgreSQL, names also match by trigram similarity (misspellings, other
transliterations) and rank by it, and case texts by full-text rank; elsewhere a
substring match on the folded key is the fallback.

Every PostgreSQL filter here is one an index answers (people/0003, cases/0010): a
name's `folded %> query` (word similarity at pg_trgm's threshold, 0.6) or word
`LIKE`s on the trigram index, the cases' tsvector expression, and trigram indexes on
the upper-cased texts that `icontains` compares. Scores are computed for the matched
rows only, never for the whole table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value

from cases import visibility
from cases.models import Charge, LegalArticle
from people.models import Organization, PersonName
from people.names import detect_script, fold_name

LIMIT = 20
SNIPPET_CHARS = 160


@dataclass
class CaseRef:
    slug: str
    title: str


@dataclass
class Hit:
    title: str
    matched: str = ""
    snippet: str = ""
    score: float = 0.0
    cases: list[CaseRef] = field(default_factory=list)
    case_slug: str = ""
    # The person's or organization's slug, for a link to its page where it has one.
    slug: str = ""


@dataclass
class SearchResults:
    query: str
    cases: list[Hit] = field(default_factory=list)
    people: list[Hit] = field(default_factory=list)
    organizations: list[Hit] = field(default_factory=list)
    charges: list[Hit] = field(default_factory=list)
    sources: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(group) for group in (self.cases, self.people, self.organizations, self.charges, self.sources))


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def search(query: str, user) -> SearchResults:
    query = " ".join(query.split())[:200]
    results = SearchResults(query=query)
    if not fold_name(query):
        return results
    results.people = search_people(query, user)
    results.cases = search_cases(query, user, results.people)
    results.organizations = search_organizations(query, user)
    results.charges = search_charges(query, user)
    results.sources = search_sources(query, user)
    return results


def _words_contained(column: str, folded: str) -> Q:
    condition = Q()
    for word in folded.split():
        condition &= Q(**{f"{column}__contains": word})
    return condition


def matching_names(query: str, user) -> QuerySet[PersonName]:
    """Spellings of visible people that match the query, best first."""
    folded = fold_name(query)
    names = PersonName.objects.filter(person__in=visibility.people_visible_to(user)).select_related("person")
    if not on_postgres():
        return (
            names.filter(_words_contained("folded", folded))
            .annotate(score=Value(1.0, output_field=FloatField()))
            .order_by("person__name", "name")
        )
    from django.contrib.postgres.search import TrigramWordSimilarity

    # `folded %> q` rather than `word_similarity(q, folded) >= x`: only the operator uses the index.
    matched = names.filter(_words_contained("folded", folded) | Q(folded__trigram_word_similar=folded))
    return matched.annotate(score=TrigramWordSimilarity(Value(folded), "folded")).order_by(
        "-score", "person__name", "name"
    )


def search_people(query: str, user) -> list[Hit]:
    script = detect_script(query)
    lowered = query.lower()

    def closeness(spelling) -> tuple:
        # The spelling to show: the best match, then the one in the query's script, then literally like it.
        return (float(spelling.score), spelling.script == script, lowered in spelling.name.lower())

    best: dict = {}
    for spelling in matching_names(query, user)[: LIMIT * 5]:
        kept = best.get(spelling.person_id)
        if kept is None or closeness(spelling) > closeness(kept):
            best[spelling.person_id] = spelling
    spellings = sorted(best.values(), key=lambda s: (-float(s.score), s.person.name))[:LIMIT]
    cases = _cases_of(user, [s.person_id for s in spellings])
    return [
        Hit(
            title=spelling.person.name,
            slug=spelling.person.slug,
            matched=spelling.name if spelling.name != spelling.person.name else "",
            score=float(spelling.score),
            cases=cases[spelling.person_id],
        )
        for spelling in spellings
    ]


def _cases_of(user, person_ids: list[int]) -> dict[int, list[CaseRef]]:
    participations = (
        visibility.participants_visible_to(user)
        .filter(person_id__in=person_ids, case__in=visibility.cases_visible_to(user))
        .select_related("case")
        .order_by("case__title")
    )
    cases: dict = defaultdict(list)
    for participation in participations:
        ref = CaseRef(participation.case.slug, participation.case.title)
        if ref not in cases[participation.person_id]:
            cases[participation.person_id].append(ref)
    return cases


def search_cases(query: str, user, people: list[Hit]) -> list[Hit]:
    """Cases by their own words, then the cases of the people found (with the spelling that matched)."""
    visible = visibility.cases_visible_to(user)
    text = Q(title__icontains=query) | Q(summary__icontains=query)
    if on_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        # "simple": names and words in any language, no stemming that only knows one.
        # The same expression as the index case_search_document (cases/0010), so `@@` uses it.
        vector = SearchVector("title", weight="A", config="simple")
        vector += SearchVector("summary", weight="B", config="simple")
        search_query = SearchQuery(query, search_type="websearch", config="simple")
        found = visible.annotate(document=vector).filter(Q(document=search_query) | text)
        found = found.annotate(score=SearchRank(vector, search_query)).order_by("-score", "title")
    else:
        found = visible.filter(text).annotate(score=Value(1.0, output_field=FloatField())).order_by("title")
    hits = [
        Hit(title=case.title, snippet=snippet(case.summary, query), score=float(case.score), case_slug=case.slug)
        for case in found[:LIMIT]
    ]
    seen = {hit.case_slug for hit in hits}
    for person in people:
        for ref in person.cases:
            if ref.slug not in seen:
                seen.add(ref.slug)
                hits.append(Hit(title=ref.title, matched=person.matched or person.title, case_slug=ref.slug))
    return hits[:LIMIT]


def snippet(text: str, query: str) -> str:
    """A window of public text around the first match; text the user may not read never gets here."""
    if not text:
        return ""
    at = text.lower().find(query.lower())
    if at < 0:
        return text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else "")
    start = max(0, at - SNIPPET_CHARS // 2)
    piece = text[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(text) else "")


def search_organizations(query: str, user) -> list[Hit]:
    found = visibility.organizations_visible_to(user).filter(
        Q(name__icontains=query) | Q(other_names__icontains=query) | Q(slug__icontains=fold_name(query))
    )
    hits = []
    for organization in found.order_by("name")[:LIMIT]:
        alias = next((a for a in organization.aliases if query.lower() in a.lower()), "")
        hits.append(Hit(title=organization.name, matched=alias, slug=organization.slug))
    return hits


def search_charges(query: str, user) -> list[Hit]:
    # The articles first (a short list), so the filter is an OR of indexed columns (trigram
    # description, article_id) rather than a join that PostgreSQL answers by scanning every charge.
    articles = list(
        LegalArticle.objects.filter(Q(title__icontains=query) | Q(number=query)).values_list("pk", flat=True)[:1000]
    )
    charges = visibility.records_visible_to(user, Charge.objects.all()).filter(
        Q(description__icontains=query) | Q(article_id__in=articles)
    )
    charges = charges.filter(case__in=visibility.cases_visible_to(user)).select_related("article", "case")
    return [
        Hit(
            title=charge.article.short_name if charge.article else charge.description,
            snippet=charge.description if charge.article else "",
            case_slug=charge.case.slug,
            cases=[CaseRef(charge.case.slug, charge.case.title)],
        )
        for charge in charges.order_by("case__title", F("filed_on").asc(nulls_last=True))[:LIMIT]
    ]


def search_sources(query: str, user) -> list[Hit]:
    # The publishers first (a few hundred organizations), so the sources' filter is an OR of
    # indexed columns (trigram title and author, publisher_id) rather than a join to scan through.
    publishers = list(Organization.objects.filter(name__icontains=query).values_list("pk", flat=True)[:1000])
    sources = visibility.sources_visible_to(user).filter(
        Q(title__icontains=query) | Q(author__icontains=query) | Q(publisher_id__in=publishers)
    )
    sources = sources.select_related("publisher")
    return [
        Hit(title=source.title, snippet=source.publisher.name if source.publisher else "")
        for source in sources.order_by("title")[:LIMIT]
    ]
