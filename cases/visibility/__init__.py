"""The gate: what each audience may read. Every surface asks here, never decides itself.

- rules.py: the rules, and the querysets and filters derived from them;
- projection.py: one case as one audience sees it, in a constant number of queries;
- public.py: what the public may read across cases.
"""

from cases.visibility.projection import (
    CaseProjection,
    case_projection,
    public_case_projection,
)
from cases.visibility.public import (
    cases_matching_text,
    public_participations,
    public_people,
    public_sources,
    public_status_changes,
)
from cases.visibility.rules import (
    EVERYTHING,
    INTERNAL_AND_PUBLIC,
    PUBLIC_ONLY,
    Audience,
    cases_visible_to,
    is_on_team,
    levels_for,
    list_levels_for,
    organizations_visible_to,
    participant_label,
    participants_visible_to,
    people_visible_to,
    public_cases,
    public_record_filter,
    readable_citations_q,
    records_visible_to,
    sees_internal_fields,
    shows_person_name,
    sources_visible_to,
    staff_people_filter,
    staff_records_filter,
    staff_sources_filter,
    visible_records,
)

__all__ = [
    "EVERYTHING",
    "INTERNAL_AND_PUBLIC",
    "PUBLIC_ONLY",
    "Audience",
    "CaseProjection",
    "case_projection",
    "cases_matching_text",
    "cases_visible_to",
    "is_on_team",
    "levels_for",
    "list_levels_for",
    "organizations_visible_to",
    "participant_label",
    "participants_visible_to",
    "people_visible_to",
    "public_case_projection",
    "public_cases",
    "public_participations",
    "public_people",
    "public_record_filter",
    "public_sources",
    "public_status_changes",
    "readable_citations_q",
    "records_visible_to",
    "sees_internal_fields",
    "shows_person_name",
    "sources_visible_to",
    "staff_people_filter",
    "staff_records_filter",
    "staff_sources_filter",
    "visible_records",
]
