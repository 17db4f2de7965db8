import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tracker.dates import FuzzyDateField, clean_fuzzy_date, fuzzy_date_constraints, precision_field
from tracker.guarded import VisibilityGuarded
from tracker.validators import validate_currency
from tracker.visibility import visibility_constraint, visibility_field


class LegalArticle(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    jurisdiction = CountryField(_("jurisdiction"))
    code = models.CharField(_("code"), max_length=150, help_text=_('e.g. "Criminal Code".'))
    number = models.CharField(_("article"), max_length=20, help_text=_('The article number, e.g. "174".'))
    part = models.CharField(
        _("part"), max_length=20, blank=True, help_text=_("Part or paragraph, if the charge names one.")
    )
    title = models.CharField(_("title"), max_length=400)
    text = models.TextField(_("text"), blank=True, help_text=_("The article's wording, for lawyers and the public."))

    class Meta:
        verbose_name = _("legal article")
        verbose_name_plural = _("legal articles")
        ordering = ["jurisdiction", "code", "number", "part"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code", "number", "part"], name="legalarticle_unique"),
        ]

    def __str__(self) -> str:
        part = f", part {self.part}" if self.part else ""
        return f"{self.code}, Art. {self.number}{part} ({self.jurisdiction.code}): {self.title}"

    @property
    def short_name(self) -> str:
        part = f"({self.part})" if self.part else ""
        return f"{self.code}, Art. {self.number}{part}"


class ChargeStatus(models.TextChoices):
    FILED = "filed", _("filed")
    DROPPED = "dropped", _("dropped")
    CONVICTED = "convicted", _("convicted")
    ACQUITTED = "acquitted", _("acquitted")


class Charge(VisibilityGuarded):
    """A legal article applied to a defendant in a case."""

    Status = ChargeStatus

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="charges")
    defendant = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="charges")
    article = models.ForeignKey(
        LegalArticle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charges",
        help_text=_("Leave empty when sources do not name the article; describe the charge instead."),
    )
    description = models.CharField(
        _("charge as reported"),
        max_length=300,
        blank=True,
        help_text=_('The words the sources use, e.g. "inciting national discord or hatred".'),
    )
    status = models.CharField(_("outcome"), max_length=12, choices=ChargeStatus.choices, default=ChargeStatus.FILED)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filed_precision = precision_field()
    filed = FuzzyDateField("filed")
    closed_on = models.DateField(_("closed on"), null=True, blank=True, help_text=_("When dropped or decided."))
    closed_precision = precision_field()
    closed = FuzzyDateField("closed")
    visibility = visibility_field()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["case", "filed_on", "pk"]
        indexes = [
            # The public list filters cases by legal article.
            models.Index(fields=["article", "case"], name="charge_article_case"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ChargeStatus.values), name="charge_status_valid"),
            models.CheckConstraint(
                condition=Q(article__isnull=False) | ~Q(description=""), name="charge_names_article_or_description"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(filed_on__isnull=True) | Q(closed_on__gte=F("filed_on")),
                name="charge_closed_after_filed",
            ),
            *fuzzy_date_constraints("filed", "charge"),
            *fuzzy_date_constraints("closed", "charge"),
            visibility_constraint("charge"),
        ]

    def __str__(self) -> str:
        return self.article.short_name if self.article else self.description

    def clean(self) -> None:
        errors = {**clean_fuzzy_date(self, "filed"), **clean_fuzzy_date(self, "closed")}
        if self.article_id is None and not self.description.strip():
            errors["description"] = _("Name the legal article or describe the charge as reported.")
        if self.filed_on and self.closed_on and self.closed_on < self.filed_on:
            errors["closed_on"] = _("A charge cannot close before it was filed.")
        if errors:
            raise ValidationError(errors)


class Proceeding(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("first instance")
    APPEAL = "appeal", _("appeal")
    CASSATION = "cassation", _("cassation")


class Verdict(models.TextChoices):
    GUILTY = "guilty", _("guilty")
    NOT_GUILTY = "not_guilty", _("not guilty")
    PARTLY_GUILTY = "partly_guilty", _("partly guilty")
    DISMISSED = "dismissed", _("case dismissed")
    UPHELD = "upheld", _("lower ruling upheld")
    OVERTURNED = "overturned", _("lower ruling overturned")
    AMENDED = "amended", _("lower ruling amended")


class Plea(models.TextChoices):
    UNKNOWN = "", _("not reported")
    GUILTY = "guilty", _("guilty")
    NOT_GUILTY = "not_guilty", _("not guilty")
    PLEA_DEAL = "plea_deal", _("plea agreement")


class CourtRuling(VisibilityGuarded):
    Proceeding = Proceeding
    Verdict = Verdict
    Plea = Plea

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rulings")
    court = models.ForeignKey(
        "people.Organization", on_delete=models.PROTECT, related_name="rulings", limit_choices_to={"kind": "court"}
    )
    defendant = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="rulings_as_defendant")
    judge = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="rulings_as_judge"
    )
    charges = models.ManyToManyField(Charge, blank=True, related_name="rulings", help_text=_("The charges decided."))
    case_number = models.CharField(
        _("court case number"),
        max_length=60,
        blank=True,
        help_text=_('The number the court gives the case, e.g. "2-1234/2019"; printed in the lawyers\' header.'),
    )
    decided_on = models.DateField(_("decided on"))
    decided_precision = precision_field()
    decided_approximate = models.BooleanField(_("approximate"), default=False)
    decided = FuzzyDateField("decided")
    proceeding = models.CharField(
        _("proceeding"), max_length=20, choices=Proceeding.choices, default=Proceeding.FIRST_INSTANCE
    )
    appeal_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("appeal of"),
        help_text=_("The ruling this one reviews."),
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    plea = models.CharField(_("plea"), max_length=12, choices=Plea.choices, blank=True, default=Plea.UNKNOWN)
    prison_term_months = models.PositiveIntegerField(
        _("prison term (months)"), null=True, blank=True, help_text=_("Imprisonment imposed, in months.")
    )
    sentence_suspended = models.BooleanField(_("suspended"), default=False)
    fine_amount = models.DecimalField(
        _("fine"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In the currency imposed."),
    )
    fine_currency = models.CharField(
        _("fine currency"), max_length=3, blank=True, validators=[validate_currency], help_text=_("ISO 4217, e.g. KZT.")
    )
    fine_equivalent_amount = models.DecimalField(
        _("reported equivalent"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only where a source gives one, e.g. 670 (USD)."),
    )
    fine_equivalent_currency = models.CharField(
        _("equivalent currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    restriction_months = models.PositiveIntegerField(
        _("restriction of freedom (months)"),
        null=True,
        blank=True,
        help_text=_("Probation, restricted freedom or house arrest imposed, in months."),
    )
    ban = models.CharField(
        _("ban"), max_length=300, blank=True, help_text=_('e.g. "ban on public activity for 5 years".')
    )
    summary = models.TextField(_("summary"), blank=True)
    visibility = visibility_field()

    class Meta:
        verbose_name = _("court ruling")
        verbose_name_plural = _("court rulings")
        ordering = ["case", "decided_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(proceeding__in=Proceeding.values), name="ruling_proceeding_valid"),
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="ruling_verdict_valid"),
            models.CheckConstraint(condition=Q(plea__in=Plea.values), name="ruling_plea_valid"),
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0), name="ruling_fine_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(fine_equivalent_amount__isnull=True) | Q(fine_equivalent_amount__gte=0),
                name="ruling_equivalent_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True, fine_currency="")
                | (Q(fine_amount__isnull=False) & ~Q(fine_currency="")),
                name="ruling_fine_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(fine_equivalent_amount__isnull=True, fine_equivalent_currency="")
                | (Q(fine_equivalent_amount__isnull=False) & ~Q(fine_equivalent_currency="")),
                name="ruling_equivalent_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(appeal_of__isnull=True) | ~Q(appeal_of=F("id")), name="ruling_not_appeal_of_itself"
            ),
            *fuzzy_date_constraints("decided", "ruling"),
            visibility_constraint("ruling"),
        ]

    def __str__(self) -> str:
        return f"{self.court} — {self.decided} ({self.get_verdict_display()})"

    def clean(self) -> None:
        errors = clean_fuzzy_date(self, "decided")
        if self.fine_amount is not None and not self.fine_currency:
            errors["fine_currency"] = _("Give the currency the fine was imposed in.")
        if self.fine_amount is None and self.fine_currency:
            errors["fine_amount"] = _("Give the amount, or clear the currency.")
        if self.fine_equivalent_amount is not None and not self.fine_equivalent_currency:
            errors["fine_equivalent_currency"] = _("Give the currency of the reported equivalent.")
        if self.fine_equivalent_amount is not None and self.fine_amount is None:
            errors["fine_equivalent_amount"] = _("An equivalent needs the fine it converts.")
        if self.appeal_of_id:
            errors.update(self._appeal_errors())
        if errors:
            raise ValidationError(errors)

    def _appeal_errors(self) -> dict:
        if self.pk and self.appeal_of_id == self.pk:
            return {"appeal_of": _("A ruling cannot be an appeal of itself.")}
        if self.proceeding == Proceeding.FIRST_INSTANCE:
            return {"proceeding": _("A ruling that reviews another is an appeal or cassation.")}
        if self.decided_on and self.appeal_of.decided_on and self.decided_on < self.appeal_of.decided_on:
            return {"decided_on": _("An appeal cannot be decided before the ruling it reviews.")}
        return {}

    def charge_date_errors(self, charges) -> dict:
        """A ruling dated before a charge it decides was filed is a typing mistake."""
        for charge in charges:
            if charge.filed_on and self.decided_on and self.decided_on < charge.filed_on:
                return {
                    "decided_on": _("The ruling is dated before the charge “%(charge)s” was filed (%(filed)s).")
                    % {"charge": charge, "filed": charge.filed}
                }
        return {}
