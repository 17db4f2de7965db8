from cases.models import history  # noqa: F401 (registers the history tables)
from cases.models.alerts import Notification, Subscription, WebhookEndpoint
from cases.models.audit import RestrictedRead
from cases.models.bundles import CaseBundleReceipt
from cases.models.captures import CaptureFile, SourceCapture
from cases.models.case import Case, CaseTeamMember, Participant, Place
from cases.models.detentions import Detention
from cases.models.events import Event
from cases.models.involvement import OrganizationInvolvement
from cases.models.legal import Charge, CourtRuling, LegalArticle
from cases.models.sources import Citation, CorroborationPolicy, Source
from cases.models.status import CaseStatus, CaseStatusChange

__all__ = [
    "CaptureFile",
    "Case",
    "CaseBundleReceipt",
    "CaseStatus",
    "CaseStatusChange",
    "CaseTeamMember",
    "Charge",
    "Citation",
    "CorroborationPolicy",
    "CourtRuling",
    "Detention",
    "Event",
    "LegalArticle",
    "Notification",
    "OrganizationInvolvement",
    "Participant",
    "Place",
    "RestrictedRead",
    "Source",
    "SourceCapture",
    "Subscription",
    "WebhookEndpoint",
]
