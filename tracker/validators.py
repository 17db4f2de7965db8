"""Validators for codes staff type by hand: currencies and languages."""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


@cache
def language_codes() -> frozenset[str]:
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def validate_currency(value: str) -> None:
    if value and value not in currency_codes():
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code (e.g. KZT, USD, EUR)."),
            params={"code": value},
            code="unknown_currency",
        )


def validate_language(value: str) -> None:
    if value and value not in language_codes():
        raise ValidationError(
            _("%(code)s is not an ISO 639-1 language code (e.g. en, ru, kk)."),
            params={"code": value},
            code="unknown_language",
        )
