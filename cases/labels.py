"""Display labels of choice fields, looked up once per language.

Django's get_FOO_display() re-hashes every choice on each call; on a case page with
hundreds of rows that was most of the rendering time.
"""

from functools import lru_cache

from django.utils.translation import get_language


def choice_label(record, field_name: str) -> str:
    value = getattr(record, field_name)
    return _choice_labels(type(record), field_name, get_language()).get(value, value)


@lru_cache(maxsize=256)
def _choice_labels(model, field_name: str, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}
