"""Admin inlines that every app's admin can use."""

from django.contrib import admin
from django.utils.text import capfirst


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose fields carry their names for screen readers.

    Django's table shows each field's label once, as a column heading, and leaves the inputs
    in the rows unlabelled (axe: "Form elements must have labels"); each input gets its
    column's name, the "delete" box included.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    field.widget.attrs.setdefault("aria-label", str(capfirst(field.label or name)))

        Labelled.__name__ = formset.__name__
        return Labelled
