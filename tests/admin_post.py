"""Build the POST an admin change form would send, from the page the admin rendered."""

from django.forms.models import BaseModelFormSet


def _value(field, bound_value):
    if bound_value is None:
        return ""
    if isinstance(bound_value, list | tuple):
        return [str(v) for v in bound_value]
    if isinstance(bound_value, bool):
        return "on" if bound_value else ""
    return field.widget.format_value(bound_value) if hasattr(field.widget, "format_value") else bound_value


def form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = _value(field, form[name].value())
        if value in ("", None, []) or value is False:
            continue
        data[form.add_prefix(name)] = value
    return data


def admin_post_data(response) -> dict:
    """The main form and every inline, with their current values, ready to change and POST."""
    context = response.context
    data = form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset: BaseModelFormSet = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        data[management.add_prefix("TOTAL_FORMS")] = formset.initial_form_count()
        for form in formset.initial_forms:
            data.update(form_data(form))
    return {k: v for k, v in data.items() if v is not None}
