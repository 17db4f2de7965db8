"""How well a fact is corroborated: its independent sources, and the editor-set policy on them.

Independence is decided here, once: two sources of the same publisher count as one (a
newspaper quoting itself is not a second witness); a source with no publisher counts on
its own. The policy counts every source cited by the fact, whatever its visibility (a
restricted eyewitness testimony corroborates as much as a published article); the public
mark counts only the sources the public may read, so it never reveals that others exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import CorroborationPolicy, Source
from cases.models.sources import CITED_FACTS
from tracker.visibility import Visibility

# Model name -> the citation field that points at it (a court ruling is cited as "ruling").
FACT_FIELDS = {"participant": "participant", "detention": "detention", "charge": "charge",
               "courtruling": "ruling", "event": "event"}  # fmt: skip


def independent_key(source_id: int, publisher_id: int | None) -> tuple[str, int]:
    """What makes sources independent: one per publisher, or the source itself when it has none."""
    return ("publisher", publisher_id) if publisher_id else ("source", source_id)


def independent_count(sources: Iterable[Source]) -> int:
    return len({independent_key(source.pk, source.publisher_id) for source in sources})


def fact_field(record) -> str | None:
    name = FACT_FIELDS.get(type(record)._meta.model_name)
    return name if name in CITED_FACTS else None


def record_source_count(record) -> int:
    """Independent sources cited by a saved fact, whatever their visibility."""
    field = fact_field(record)
    if field is None or record.pk is None:
        return 0
    rows = Source.objects.filter(**{f"citations__{field}": record}).values_list("pk", "publisher_id").distinct()
    return len({independent_key(pk, publisher_id) for pk, publisher_id in rows})


def corroboration_error(record, old: str | None, new: str) -> str | None:
    """Why the policy forbids making this fact public, or None when it may be."""
    if new != Visibility.PUBLIC or old == Visibility.PUBLIC or fact_field(record) is None:
        return None
    needed = CorroborationPolicy.current().minimum_sources
    if needed <= 0:
        return None
    found = record_source_count(record)
    if found >= needed:
        return None
    return ngettext(
        "The corroboration policy needs at least %(needed)s independent source before a fact is made public; "
        "this one has %(found)s. Cite another source (sources of the same publisher count once).",
        "The corroboration policy needs at least %(needed)s independent sources before a fact is made public; "
        "this one has %(found)s. Cite another source (sources of the same publisher count once).",
        needed,
    ) % {"needed": needed, "found": found}


def sources_label(count: int) -> str:
    return ngettext("%(count)s source", "%(count)s sources", count) % {"count": count} if count else _("no source")
