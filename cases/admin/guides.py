"""What the admin's change pages say to guide the person typing: where each error is, and the sections.

An error summary at the top links to every error (the GOV.UK pattern), so "Please correct the
errors below" never leaves someone scrolling 3,000 px for a red line inside a closed section.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Link:
    text: str
    href: str


def _field_errors(form, heading: str) -> list[Link]:
    links = []
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        label = capfirst(str(form.fields[name].label or name))
        anchor = form[name].id_for_label or form[name].auto_id
        for message in errors:
            text = f"{heading}: {label}: {message}" if heading else f"{label}: {message}"
            links.append(Link(text=text, href=f"#{anchor}"))
    return links


def error_summary(adminform, inline_admin_formsets) -> list[Link]:
    """Every error of the page, in page order, each linking to the field (or the row) it is about."""
    if adminform is None:
        return []
    form = adminform.form
    links = [Link(text=str(message), href="#content-main") for message in form.non_field_errors()]
    links += _field_errors(form, "")
    for inline in inline_admin_formsets or []:
        formset = inline.formset
        group = capfirst(str(inline.opts.verbose_name_plural))
        for message in formset.non_form_errors():
            links.append(Link(text=f"{group}: {message}", href=f"#{formset.prefix}-group"))
        for number, row in enumerate(formset.forms):
            if not row.errors:
                continue
            heading = _("%(group)s, row %(number)s") % {"group": group, "number": number + 1}
            for message in row.non_field_errors():
                links.append(Link(text=f"{heading}: {message}", href=f"#{formset.prefix}-{number}"))
            links += _field_errors(row, heading)
    return links


def section_links(adminform, inline_admin_formsets) -> list[Link]:
    """Jump links to each named part of the form and each group of records, with how many it holds."""
    links = [
        Link(text=str(fieldset.name), href=f"#fieldset-0-{number}-heading")
        for number, fieldset in enumerate(adminform)
        if fieldset.name
    ]
    for inline in inline_admin_formsets or []:
        formset = inline.formset
        name = capfirst(str(inline.opts.verbose_name_plural))
        count = formset.initial_form_count()
        text = _("%(name)s (%(count)s)") % {"name": name, "count": count} if count else name
        links.append(Link(text=text, href=f"#{formset.prefix}-group"))
    return links
