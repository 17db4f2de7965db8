"""Every case record keeps its full history (tracker/audit.py); registered here, once."""

from cases.models.case import Case, CaseTeamMember, Participant, Place
from cases.models.detentions import Detention
from cases.models.events import Event
from cases.models.involvement import OrganizationInvolvement
from cases.models.legal import Charge, CourtRuling, LegalArticle
from cases.models.sources import Citation, Source
from tracker.audit import register_history

for model in (
    Case,
    CaseTeamMember,
    Participant,
    Place,
    Detention,
    Event,
    LegalArticle,
    Charge,
    Citation,
    Source,
    OrganizationInvolvement,
):
    register_history(model)
# A ruling's charges are part of what it decided; their changes are history too.
register_history(CourtRuling, m2m_fields=["charges"])
