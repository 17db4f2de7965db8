import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tracker.dates import source_date_error
from tracker.files import validate_document
from tracker.guarded import VisibilityGuarded
from tracker.validators import validate_language
from tracker.visibility import visibility_constraint, visibility_field


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", _("news article")
    COURT_DOCUMENT = "court_document", _("court document")
    TESTIMONY = "testimony", _("testimony")
    OFFICIAL_STATEMENT = "official_statement", _("official statement")
    NGO_REPORT = "ngo_report", _("NGO report")
    SOCIAL_MEDIA = "social_media", _("social media post")
    OTHER = "other", _("other")


class Reliability(models.TextChoices):
    """The Admiralty (NATO) grading of a source's reliability, A to F: docs/evidence.md explains each grade."""

    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


class Connection(models.TextChoices):
    """How a source connects to the fact it supports: first-hand, documentary, or at a remove."""

    EYEWITNESS = "eyewitness", _("eyewitness")
    OFFICIAL_DOCUMENT = "official_document", _("official document")
    COURT_RECORD = "court_record", _("court record")
    SECOND_HAND = "second_hand", _("second-hand account")
    MEDIA_REPORT = "media_report", _("media report")


class Source(VisibilityGuarded):
    """Where a fact comes from. A testimony's identity is usually restricted."""

    Kind = SourceKind
    Reliability = Reliability

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=400)
    publisher = models.ForeignKey(
        "people.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="published_sources"
    )
    author = models.CharField(_("author"), max_length=250, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        validators=[validate_language],
        help_text=_("ISO 639-1, e.g. en, ru, kk."),
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    archive_url = models.URLField(
        _("archived copy"), max_length=1000, blank=True, help_text=_("A web archive copy, in case the original goes.")
    )
    captured_at = models.DateTimeField(
        _("captured at"),
        null=True,
        blank=True,
        help_text=_("When the online original was captured (saved, screenshotted, archived)."),
    )
    captured_by = models.CharField(
        _("captured by"), max_length=200, blank=True, help_text=_("Who made the capture, for the chain of custody.")
    )
    # Kept under MEDIA_ROOT, which is never served: cases/evidence/views.py applies the gate.
    file = models.FileField(_("file"), upload_to="sources/%Y/%m/", blank=True, validators=[validate_document])
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Hash of the attached file, computed on upload."),
    )
    reliability = models.CharField(
        _("reliability"),
        max_length=1,
        choices=Reliability.choices,
        default=Reliability.F,
        help_text=_("Admiralty grade: A completely reliable ... E unreliable; F when it cannot be judged yet."),
    )
    visibility = visibility_field()
    notes = models.TextField(_("internal notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="source_kind_valid"),
            models.CheckConstraint(condition=Q(reliability__in=Reliability.values), name="source_reliability_valid"),
            models.CheckConstraint(
                condition=Q(accessed_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(accessed_on__gte=models.F("published_on")),
                name="source_accessed_after_published",
            ),
            visibility_constraint("source"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {
            field: error
            for field in ("published_on", "accessed_on")
            if (error := source_date_error(getattr(self, field)))
        }
        if errors:
            raise ValidationError(errors)
        if self.published_on and self.accessed_on and self.accessed_on < self.published_on:
            raise ValidationError({"accessed_on": _("A source cannot be accessed before it was published.")})


# The facts a citation can support; exactly one is set on each citation.
CITED_FACTS = ("case", "participant", "detention", "charge", "ruling", "event")


def exactly_one_fact() -> Q:
    condition = Q()
    for fact in CITED_FACTS:
        condition |= Q(**{f"{name}__isnull": name != fact for name in CITED_FACTS})
    return condition


class Citation(models.Model):
    """A fact rests on a source: the quote or page that supports it."""

    Connection = Connection

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    connection = models.CharField(
        _("connection to the fact"),
        max_length=20,
        choices=Connection.choices,
        blank=True,
        help_text=_("How the source knows: eyewitness, official document, court record, second-hand, media report."),
    )
    quote = models.TextField(_("quote"), blank=True, help_text=_("The short passage that supports the fact."))
    locator = models.CharField(_("page or paragraph"), max_length=100, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    detention = models.ForeignKey(
        "cases.Detention", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    charge = models.ForeignKey(
        "cases.Charge", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    ruling = models.ForeignKey(
        "cases.CourtRuling", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    event = models.ForeignKey("cases.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="citations")

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=exactly_one_fact(), name="citation_cites_exactly_one_fact"),
            models.CheckConstraint(
                condition=Q(connection__in=[*Connection.values, ""]), name="citation_connection_valid"
            ),
        ]

    def __str__(self) -> str:
        where = f", {self.locator}" if self.locator else ""
        return f"{self.source}{where}"

    @property
    def fact(self):
        return next(getattr(self, name) for name in CITED_FACTS if getattr(self, f"{name}_id"))


class CorroborationPolicy(models.Model):
    """The one editor-set rule: how many independent sources a fact needs before it may become public."""

    minimum_sources = models.PositiveSmallIntegerField(
        _("independent sources needed"),
        default=0,
        help_text=_(
            "A fact may be made public only when at least this many independent sources support it "
            "(sources of the same publisher count once). 0 or 1: no requirement beyond the editor's judgement."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("corroboration policy")
        verbose_name_plural = _("corroboration policy")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="corroboration_policy_single_row")]

    def __str__(self) -> str:
        return str(_("At least %(n)s independent sources") % {"n": self.minimum_sources})

    @classmethod
    def current(cls) -> "CorroborationPolicy":
        return cls.objects.get_or_create(pk=1)[0]
