"""Uncertain dates in forms: one text box per date, read as staff type it (tracker/date_text.py).

"2021", "05.2021", "May 2021", "spring 2017", "16.08.2019", "16.08.2019 14:30", "around May 2021",
"10.03.2019 – 20.03.2019": the precision is what was typed. The box shows the date back in the
same words the case page uses, which it reads again unchanged.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tracker import date_text
from tracker.api_dates import set_date_columns
from tracker.dates import FuzzyDate

HELP = _(
    "As precisely as known: 2021, 05.2021, May 2021, spring 2017, 16.08.2019, 16.08.2019 14:30, "
    "around May 2021, or 10.03.2019 – 20.03.2019. Times are local to the place."
)


class FuzzyDateFormField(forms.Field):
    widget = forms.TextInput(attrs={"size": 28, "maxlength": 80})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return date_text.format_human(value) if isinstance(value, FuzzyDate) else value

    def to_python(self, value) -> FuzzyDate | None:
        text = str(value or "").strip()
        if not text:
            return None
        return date_text.parse(text[:200])


def with_date_texts(form_class: type[forms.ModelForm], model, prefixes: tuple[str, ...]) -> type[forms.ModelForm]:
    """`form_class` with one text box per date of `model`, which sets the date's columns."""
    fields = {}
    for prefix in prefixes:
        required = not model._meta.get_field(f"{prefix}_on").null
        fields[prefix] = FuzzyDateFormField(label=model._meta.get_field(f"{prefix}_on").verbose_name, required=required)

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        if self.instance.pk:
            for prefix in prefixes:
                self.initial.setdefault(prefix, getattr(self.instance, prefix))

    def clean(self):
        cleaned = form_class.clean(self)
        for prefix in prefixes:
            if prefix in self.errors or prefix not in cleaned:
                continue
            problem = set_date_columns(self.instance, prefix, cleaned[prefix])
            if problem:
                self.add_error(prefix, ValidationError(problem))
        return cleaned

    attributes = {**fields, "__init__": __init__, "clean": clean, "__module__": form_class.__module__}
    return type(form_class.__name__, (form_class,), attributes)


def date_columns(model, prefixes: tuple[str, ...]) -> list[str]:
    """The columns the text boxes of `prefixes` stand for, to leave out of a form."""
    names = {field.name for field in model._meta.get_fields()}
    suffixes = ("on", "time", "precision", "approximate", "until")
    return [f"{prefix}_{suffix}" for prefix in prefixes for suffix in suffixes if f"{prefix}_{suffix}" in names]
