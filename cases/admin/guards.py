"""Admin mix-ins that apply the visibility and team rules to whatever a form posts or searches."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.evidence.corroboration import corroboration_error
from cases.services.publication import can_change_team, record_save, visibility_change_allowed
from cases.visibility.rules import staff_people_filter
from people.models import Person
from people.names import fold_name
from tracker import roles

NEW_RECORD_VISIBILITY = _(
    "A new record is internal unless you choose otherwise: the public page will not show it until it is "
    "“public”. Internal: signed-in staff and the case's lawyers; restricted: only the case team and editors."
)


class VisibilityGuardFormMixin:
    acting_user = None  # set per request by guard_form()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The default (internal) hides a fact from the public page; a new record says so where it is chosen.
        field = self.fields.get("visibility")
        if field is not None and not self.instance.pk:
            field.help_text = NEW_RECORD_VISIBILITY

    def clean(self):
        cleaned = super().clean()
        if self.acting_user is None or "visibility" not in cleaned:
            return cleaned
        old = self.initial.get("visibility") if self.instance.pk else None
        new = cleaned["visibility"]
        uncorroborated = corroboration_error(self.instance, old, new)
        if old != new and uncorroborated:
            self.add_error("visibility", uncorroborated)
        elif old != new and not visibility_change_allowed(self.acting_user, self.instance, old, new):
            self.add_error(
                "visibility",
                _("Only an editor may make this public: it belongs to a published case, so the public would see it."),
            )
        return cleaned


def guard_form(form_class, user):
    return type(form_class.__name__, (VisibilityGuardFormMixin, form_class), {"acting_user": user})


class VisibilityGuardAdminMixin:
    """For a ModelAdmin whose records carry `visibility`: the rule on the form, the service on save."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return guard_form(super().get_form(request, obj, change, **kwargs), request.user)

    def save_model(self, request, obj, form, change):
        parent = super()
        record_save(obj, by=request.user, save=lambda: parent.save_model(request, obj, form, change))


class VisibilityGuardInlineMixin:
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = guard_form(formset.form, request.user)
        return type(formset.__name__, (GuardedVisibilityFormSet, formset), {"acting_user": request.user})


class GuardedVisibilityFormSet:
    """An inline row's new visibility goes through the service, like the stand-alone form's."""

    acting_user = None

    def save_existing(self, form, obj, commit=True):
        parent = super()
        saved = []
        record_save(obj, by=self.acting_user, save=lambda: saved.append(parent.save_existing(form, obj, commit)))
        return saved[0]


class EditorOnlyWriteMixin:
    """Team membership: everyone with access reads it; only editors add, change or remove."""

    def has_add_permission(self, request, *args) -> bool:
        # ModelAdmin passes (request), an inline (request, obj).
        return can_change_team(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_change_team(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return can_change_team(request.user) and super().has_delete_permission(request, obj)


class VisiblePeopleSearchMixin:
    """No oracle: searching by a person's name only matches people (and parts) the user may see.

    Otherwise staff off a case's team could type a witness's name and learn, by which rows
    come back, that a case has a restricted witness of that name.
    """

    person_search_paths: tuple[str, ...] = ()  # e.g. ("detainee",)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if roles.is_editor(request.user):
            return fields
        return [f for f in fields if not any(f.startswith(f"{path}__") for path in self.person_search_paths)]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term or roles.is_editor(request.user):
            return results, may_have_duplicates
        for path in self.person_search_paths:
            results = results | queryset.filter(**{f"{path}__in": visible_people_named(request.user, term)})
        return results, True


def visible_people_named(user, term: str):
    named = Q(name__icontains=term) | Q(names__name__icontains=term)
    folded = fold_name(term)
    if folded:
        named |= Q(names__folded__contains=folded)
    return Person.objects.filter(named).filter(staff_people_filter(user)).values("pk")
