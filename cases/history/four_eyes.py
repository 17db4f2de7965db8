"""Four eyes needs to know who last changed a case: every write to it or to its records counts.

Every audited write already leaves a history row naming its author (tracker/audit.py), so
the case is marked from there, whatever the surface: admin forms and inlines, the API,
imports, the services. Publishing is refused to the user marked here
(cases/services/publication.py).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from cases.models import Case, Citation, Source
from cases.models.sources import CITED_FACTS
from people.models import Person, PersonName


@receiver(post_create_historical_record, dispatch_uid="cases.four_eyes")
def mark_cases_changed(sender, instance, history_instance, **kwargs) -> None:
    # A write by no user (a task such as the weekly document check) leaves the last author in place.
    if history_instance.history_user is None:
        return
    cases = cases_changed_by(instance)
    if cases is not None:
        cases.update(updated_by=history_instance.history_user, updated_at=timezone.now())


def cases_changed_by(record):
    """The cases whose public or internal record a write to `record` changes, as a queryset."""
    if isinstance(record, Case):
        return Case.objects.filter(pk=record.pk)
    if isinstance(record, Citation):
        return Case.objects.filter(pk__in=[case_id for case_id in [citation_case_id(record)] if case_id])
    if isinstance(record, Source):
        return Case.objects.filter(cited_by_source(record.pk))
    if isinstance(record, PersonName):
        return Case.objects.filter(participants__person_id=record.person_id)
    if isinstance(record, Person):
        return Case.objects.filter(participants__person_id=record.pk)
    case_id = getattr(record, "case_id", None)
    return Case.objects.filter(pk=case_id) if case_id else None


def citation_case_id(citation: Citation) -> int | None:
    if citation.case_id:
        return citation.case_id
    for fact in CITED_FACTS:
        if fact != "case" and getattr(citation, f"{fact}_id"):
            try:
                return getattr(citation, fact).case_id
            except ObjectDoesNotExist:  # deleted with its fact, in the same cascade
                return None
    return None


def cited_by_source(source_pk: int) -> Q:
    cited = Q()
    for fact in CITED_FACTS:
        path = "citations" if fact == "case" else f"{fact}s__citations"
        cited |= Q(**{f"{path}__source_id": source_pk})
    return cited
