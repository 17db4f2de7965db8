"""The API's JSON parser: a body nested too deeply is a 400, not a RecursionError."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # Python's decoder recurses once per level; no field of the API nests more than a few.
            raise ParseError(_("The JSON body is nested too deeply.")) from None
