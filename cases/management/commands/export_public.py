"""Write the public data set (docs/open-data.md) as JSON and CSV files into a directory."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from cases.open_data.dataset import dataset_json, dataset_tables, public_dataset, table_csv
from cases.open_data.package import TABLE_COLUMNS, datapackage


class Command(BaseCommand):
    help = "Write the public data set: cases.json, one CSV per table and datapackage.json, built only from public data."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", default="open-data", help="Directory to write into (created).")

    def handle(self, *args, output: str, **options) -> None:
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        dataset = public_dataset()
        (directory / "cases.json").write_text(dataset_json(dataset), encoding="utf-8")
        for name, rows in dataset_tables(dataset).items():
            (directory / f"{name}.csv").write_text(table_csv(rows, TABLE_COLUMNS[name]), encoding="utf-8")
        (directory / "datapackage.json").write_text(json.dumps(datapackage(), indent=2), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"{len(dataset['cases'])} public case(s) written to {directory}/"))
