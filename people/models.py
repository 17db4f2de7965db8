import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from people.names import detect_script, fold_name
from tracker.audit import register_history
from tracker.dates import FuzzyDateField, clean_fuzzy_date, fuzzy_date_constraints, precision_field
from tracker.guarded import GuardedQuerySet, VisibilityGuarded
from tracker.visibility import visibility_constraint, visibility_field


class PersonQuerySet(GuardedQuerySet):
    def matching_name(self, text: str) -> "PersonQuerySet":
        """People any of whose names, in any script, contains the folded text."""
        folded = fold_name(text)
        if not folded:
            return self.none()
        return self.filter(names__folded__contains=folded).distinct()


class Person(VisibilityGuarded):
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used in addresses; never changes."))
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name staff use for this person; other spellings are aliases.")
    )
    visibility = visibility_field()
    born_in = models.CharField(_("born in"), max_length=200, blank=True, help_text=_("Place of birth as reported."))
    citizenship = CountryField(_("citizenship"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [visibility_constraint("person")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:detail", kwargs={"slug": self.slug})


class PersonName(models.Model):
    """One spelling of a person's name: the primary one, a transliteration or an alias."""

    # The API's public id: primary keys never leave the database (docs/architecture.md).
    uid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Stable public identifier.")
    )

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("primary name")
        TRANSLITERATION = "transliteration", _("transliteration")
        ALIAS = "alias", _("alias or nickname")
        FORMER = "former", _("former name")

    class Script(models.TextChoices):
        LATIN = "latin", _("Latin")
        CYRILLIC = "cyrillic", _("Cyrillic")
        ARABIC = "arabic", _("Arabic")
        HAN = "han", _("Chinese characters")
        GREEK = "greek", _("Greek")
        OTHER = "other", _("other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names", verbose_name=_("person"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRANSLITERATION)
    script = models.CharField(
        _("script"),
        max_length=10,
        choices=Script.choices,
        blank=True,
        help_text=_("Detected from the name if left empty."),
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("ISO 639-1 code of the spelling, e.g. kk, ru, en.")
    )
    # Lower-case ASCII key; every search and duplicate check matches on it.
    folded = models.CharField(max_length=400, editable=False, db_index=True)

    class Meta:
        verbose_name = _("name or alias")
        verbose_name_plural = _("names and aliases")
        ordering = ["person", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="personname_unique_per_person"),
            models.CheckConstraint(condition=~Q(name=""), name="personname_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Derived columns only: the folded key and the script are facts of the spelling itself.
        self.folded = fold_name(self.name)
        self.script = self.script or detect_script(self.name)
        super().save(*args, **kwargs)


class OrganizationKind(models.TextChoices):
    NGO = "ngo", _("NGO or civic group")
    STATE_BODY = "state_body", _("state body")
    COURT = "court", _("court")
    MEDIA = "media", _("news outlet")
    INTERNATIONAL = "international", _("international organization")
    OTHER = "other", _("other")


class Organization(VisibilityGuarded):
    Kind = OrganizationKind

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=250)
    other_names = models.TextField(
        _("other names"), blank=True, help_text=_("Other names, abbreviations and spellings, one per line.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(_("country"), blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    active_since_on = models.DateField(_("active since"), null=True, blank=True)
    active_since_precision = precision_field()
    active_since = FuzzyDateField("active_since")
    visibility = visibility_field()
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            visibility_constraint("organization"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values),
                name="organization_kind_valid",
            ),
            *fuzzy_date_constraints("active_since", "organization"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def aliases(self) -> list[str]:
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = clean_fuzzy_date(self, "active_since")
        if errors:
            raise ValidationError(errors)


# Every change to a person, a spelling of their name or an organization is kept (tracker/audit.py).
register_history(Person)
register_history(PersonName)
register_history(Organization)
