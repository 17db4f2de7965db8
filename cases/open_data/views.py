"""/data/: the public data set for researchers, the same as `manage.py export_public`."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.open_data.dataset import CSV_TABLES, dataset_json, dataset_tables, public_dataset, table_csv
from cases.open_data.package import LICENSE, TABLE_COLUMNS, datapackage


@require_GET
def data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "open_data/index.html", {"tables": CSV_TABLES, "license": LICENSE})


@require_GET
def data_package(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(datapackage(), indent=2), content_type="application/json; charset=utf-8")


@require_GET
def data_json(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(dataset_json(public_dataset()), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.json"'
    return response


@require_GET
def data_csv(request: HttpRequest, table: str) -> HttpResponse:
    if table not in CSV_TABLES:
        raise Http404
    rows = dataset_tables(public_dataset())[table]
    response = HttpResponse(table_csv(rows, TABLE_COLUMNS[table]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}.csv"'
    return response
