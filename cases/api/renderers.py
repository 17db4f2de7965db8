"""The public data set as CSV: the case list's rows, one line per case."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from tracker.csv_cells import csv_cell


class CaseCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(rows, dict):
            # An error (400, 404, 429) is one object: render its messages as key/value lines.
            rows = [{"field": key, "message": value} for key, value in rows.items()]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else _columns(renderer_context))
        # The header even when nothing matched: an empty file would not say which columns there are.
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
        return buffer.getvalue().encode(self.charset)


def _cell(value):
    if isinstance(value, list):
        # The joined text starts with the first item, so the check below covers the list too.
        value = "; ".join(str(item) for item in value)
    return csv_cell(value)


def _columns(renderer_context) -> list[str]:
    view = (renderer_context or {}).get("view")
    if view is None or not hasattr(view, "get_serializer_class"):
        return []
    return list(view.get_serializer_class()().fields)
