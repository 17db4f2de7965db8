"""Admin forms: a case's status moves by a recorded change; facts carry their citation inline."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus, Citation, Source
from tracker.date_forms import FuzzyDateFormField

# The Citation column that points at each kind of fact.
CITATION_FIELD = {
    "participant": "participant",
    "detention": "detention",
    "charge": "charge",
    "courtruling": "ruling",
    "event": "event",
    "case": "case",
}


class StatusDateForm(forms.Form):
    """When a status began, as precisely as known, in one box (tracker/date_forms.py).

    Mixed into the case forms and handed to the status service as its keyword arguments.
    """

    status_effective = FuzzyDateFormField(
        label=_("The change happened"),
        required=False,
        help_text=_(
            "If known, as precisely as known: 10.03.2019, around 10.03.2019, May 2021, spring 2017. "
            "Left empty, the day it is entered here."
        ),
    )

    def clean_status_effective(self):
        date = self.cleaned_data.get("status_effective")
        if date is None:
            return None
        if date.time is not None or date.until is not None:
            raise forms.ValidationError(_("When a status became true is kept to the day: leave out the time."))
        if date.on > timezone.localdate():
            raise forms.ValidationError(_("A status cannot begin in the future."))
        return date

    def status_date(self) -> dict:
        date = self.cleaned_data.get("status_effective")
        if date is None:
            return {}
        return {
            "effective_on": date.on,
            "effective_precision": date.precision,
            "effective_approximate": date.approximate,
        }


class CaseChangeForm(StatusDateForm, forms.ModelForm):
    """On an existing case the status is read-only; a new status comes with its reason."""

    new_status = forms.ChoiceField(
        label=_("Change status to"),
        required=False,
        choices=[("", "—"), *CaseStatus.choices],
        help_text=_("Recorded with your name, the time and the reason below."),
    )
    status_note = forms.CharField(label=_("Reason (internal)"), required=False, widget=forms.Textarea({"rows": 2}))

    class Meta:
        model = Case
        fields = ["title", "slug", "country", "summary", "internal_notes"]

    def clean_new_status(self) -> str:
        status = self.cleaned_data["new_status"]
        if status and status == self.instance.status:
            raise forms.ValidationError(_("The case already has this status."))
        return status


class CaseAddForm(StatusDateForm, forms.ModelForm):
    """A new case: its first status is dated like any later change (the day it began, not the day typed in)."""

    status_note = forms.CharField(label=_("Source of the first status (internal)"), required=False)

    class Meta:
        model = Case
        fields = ["title", "slug", "country", "status", "summary", "internal_notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_effective"].label = _("The status began")


def source_widget(form_field: forms.ModelChoiceField, admin_site) -> forms.Widget:
    """Autocomplete with the "+" that adds a source in a pop-up, as on a model field."""
    model_field = Citation._meta.get_field("source")
    autocomplete = AutocompleteSelect(model_field, admin_site)
    autocomplete.choices = form_field.choices  # as ModelChoiceField does for its own widget
    return RelatedFieldWidgetWrapper(
        autocomplete,
        model_field.remote_field,
        admin_site,
        can_add_related=True,
        can_change_related=False,
        can_view_related=True,
    )


class CitedFactForm(forms.ModelForm):
    """A fact row with the citation that supports it, entered on the same line."""

    cite_source = forms.ModelChoiceField(
        label=_("source"),
        queryset=Source.objects.all(),
        required=False,
        help_text=_("Where this fact comes from."),
    )
    cite_quote = forms.CharField(label=_("Quote"), required=False, widget=forms.Textarea({"rows": 2, "cols": 30}))
    cite_locator = forms.CharField(label=_("Page or paragraph"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cite_source"].widget = source_widget(self.fields["cite_source"], admin.site)
        citation = self.first_citation()
        if citation is not None:
            self.initial.update(
                cite_source=citation.source_id, cite_quote=citation.quote, cite_locator=citation.locator
            )

    def first_citation(self) -> Citation | None:
        if not self.instance.pk:
            return None
        # Uses the inline queryset's prefetch: one query for all rows, not one per row.
        citations = list(self.instance.citations.all())
        return citations[0] if citations else None

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("cite_quote") or cleaned.get("cite_locator")) and not cleaned.get("cite_source"):
            self.add_error("cite_source", _("Choose the source the quote comes from."))
        return cleaned

    def save_citation(self) -> None:
        """Called after the fact is saved, inside the admin's transaction."""
        source = self.cleaned_data.get("cite_source")
        if self.instance.pk is None or not source or self.cleaned_data.get("DELETE"):
            return
        citation = self.first_citation() or Citation(**{CITATION_FIELD[self.instance._meta.model_name]: self.instance})
        citation.source = source
        citation.quote = self.cleaned_data.get("cite_quote", "")
        citation.locator = self.cleaned_data.get("cite_locator", "")
        citation.full_clean()
        citation.save()


class RulingForm(CitedFactForm):
    def _post_clean(self) -> None:
        # After the instance holds the typed date; the charges are a many-to-many not yet saved.
        super()._post_clean()
        charges = self.cleaned_data.get("charges") or []
        for field, message in self.instance.charge_date_errors(charges).items():
            # The date may be typed in one box named after it ("decided") rather than its column.
            text_box = field.removesuffix("_on")
            self.add_error(field if field in self.fields else text_box if text_box in self.fields else None, message)
