from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin

from cases.admin.guards import VisibilityGuardAdminMixin
from cases.admin.imports import PersonResource
from cases.history.admin import AuditedAdmin
from cases.visibility import organizations_visible_to, staff_people_filter
from people.models import Organization, Person, PersonName
from people.names import fold_name
from people.services import NameCheck, person_name_check, person_sync_primary_name
from tracker.admin_inlines import LabelledTabularInline


class PersonNameForm(forms.ModelForm):
    acting_user = None  # set per request by PersonNameInline and PersonNameAdmin

    namesake = forms.BooleanField(
        label=_("different person"),
        required=False,
        help_text=_("Tick if another person already carries this exact name and this is someone else."),
    )

    class Meta:
        model = PersonName
        fields = ["name", "kind", "script", "language", "namesake"]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if not name or cleaned.get("namesake"):
            return cleaned
        person = self.instance.person if self.instance.person_id else None
        check = name_check(self.acting_user, [name], person)
        if check.identical:
            self.add_error("name", identical_name_error(name, check))
        return cleaned


def name_check(user, names: list[str], person: Person | None) -> NameCheck:
    """people.services.person_name_check among the people this user may see, as the API asks it."""
    # A namesake the user may not see gets the answer of no namesake at all.
    among = Person.objects.filter(staff_people_filter(user)) if user is not None else Person.objects.none()
    return person_name_check(names, among=among, exclude=person)


def person_links(people) -> str:
    return format_html_join(
        ", ", '<a href="{}">{}</a>', ((reverse("admin:people_person_change", args=[p.pk]), p.name) for p in people)
    )


def identical_name_error(name: str, check: NameCheck):
    return format_html(
        _(
            "“{}” is already a name of {}. If this is the same person, add details there; "
            "if not, tick “different person”."
        ),
        name,
        person_links(check.identical),
    )


class PersonForm(forms.ModelForm):
    """The person's own name meets the same rule as every spelling (people.services.person_name_check)."""

    acting_user = None  # set per request by PersonAdmin.get_form

    namesake = forms.BooleanField(
        label=_("different person"),
        required=False,
        help_text=_("Tick if another person already carries this exact name and this is someone else."),
    )

    class Meta:
        model = Person
        fields = ["name", "slug", "visibility", "born_in", "citizenship", "description"]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name and not cleaned.get("namesake") and "name" in self.changed_data:
            check = name_check(self.acting_user, [name], self.instance if self.instance.pk else None)
            if check.identical:
                self.add_error("name", identical_name_error(name, check))
        return cleaned


class PersonNameInline(LabelledTabularInline):
    model = PersonName
    form = PersonNameForm
    extra = 2
    fields = ["name", "kind", "script", "language", "namesake"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = for_user(formset.form, request.user)
        return formset


def for_user(form_class, user):
    return type(form_class.__name__, (form_class,), {"acting_user": user})


@admin.register(Person)
class PersonAdmin(ImportMixin, VisibilityGuardAdminMixin, AuditedAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "other_names", "visibility", "citizenship", "updated_at"]
    list_filter = ["visibility", "citizenship"]
    search_fields = ["name", "names__name", "names__folded", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonNameInline]
    form = PersonForm
    fieldsets = [
        (None, {"fields": ["name", "namesake", "slug", "visibility"]}),
        (_("Details"), {"fields": ["born_in", "citizenship", "description"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The add pop-up (the "+" beside a person box) is this same form: the same rule applies there.
        return for_user(super().get_form(request, obj, change, **kwargs), request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("names")
        return queryset.filter(staff_people_filter(request.user)).distinct()

    @admin.display(description=_("other names"))
    def other_names(self, person: Person) -> str:
        return ", ".join(n.name for n in person.names.all() if n.name != person.name)

    def get_search_results(self, request, queryset, search_term):
        # Fold the term too, so "Билаш" or "biläsh" finds Serikzhan Bilash.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold_name(search_term)
        if folded:
            results = results | queryset.filter(names__folded__contains=folded)
            may_have_duplicates = True
        return results, may_have_duplicates

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = form.instance
        person_sync_primary_name(person)
        # Only people this user may see: a warning naming a restricted witness would leak them.
        check = name_check(request.user, list(person.names.values_list("name", flat=True)), person)
        candidates = [*check.identical, *check.similar]
        if candidates:
            messages.warning(
                request, format_html(_("Possible duplicate: {} has a similar name."), person_links(candidates))
            )


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "country", "active_since_display", "visibility"]
    list_filter = ["kind", "country", "visibility"]
    search_fields = ["name", "other_names", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "other_names", "visibility"]}),
        (_("Where and since when"), {"fields": ["country", "city", ("active_since_on", "active_since_precision")]}),
        (_("Details"), {"fields": ["description"]}),
    ]

    def get_queryset(self, request):
        # The same rule as everywhere: a restricted organization is an editor's to see.
        return super().get_queryset(request).filter(pk__in=organizations_visible_to(request.user).values("pk"))

    @admin.display(description=_("active since"), ordering="active_since_on")
    def active_since_display(self, organization: Organization) -> str:
        return str(organization.active_since or "")


@admin.register(PersonName)
class PersonNameAdmin(admin.ModelAdmin):
    """Every spelling in one list: useful to spot duplicates across scripts."""

    form = PersonNameForm
    list_display = ["name", "person", "kind", "script", "language"]
    list_filter = ["kind", "script"]
    search_fields = ["name", "folded", "person__name"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]
    fields = ["person", "name", "kind", "script", "language", "namesake"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(person__in=Person.objects.filter(staff_people_filter(request.user)))

    def get_form(self, request, obj=None, change=False, **kwargs):
        return for_user(super().get_form(request, obj, change, **kwargs), request.user)
