"""Cells of the CSV files the project writes, made safe to open in a spreadsheet.

A cell that begins with "=", "+", "-" or "@" (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is run as a formula when the file is opened:
`=HYPERLINK("http://evil.example", "Click")` in a case title would become a live link, or
worse. Following OWASP's CSV-injection guidance such a cell is written with a leading
apostrophe, which spreadsheets show as text and do not display. Numbers stay numbers: a
negative fine amount is data, not a formula.
"""

from __future__ import annotations

from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value as one CSV cell: text that would start a formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
