"""Load cases from the open-data JSON format; all or nothing, and safe to run twice."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.open_data.importing import ImportFailed, import_cases


class Command(BaseCommand):
    help = "Import cases from a JSON file in the open-data format. Nothing is written if any record is invalid."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", help="Username recorded as the author of the changes.")
        parser.add_argument("--publish", action="store_true", help="Publish new cases at once (default: draft).")

    def handle(self, *args, file: str, user: str | None, publish: bool, **options) -> None:
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        by = get_user_model().objects.filter(username=user).first() if user else None
        if user and by is None:
            raise CommandError(f"No user “{user}”.")
        try:
            report = import_cases(data, by=by, publish=publish)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported: {len(failure.errors)} error(s).") from failure
        self.stdout.write(self.style.SUCCESS(f"Imported. Created: {report.created}; updated: {report.updated}."))
