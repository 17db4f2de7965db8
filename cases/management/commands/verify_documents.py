"""Recompute the SHA-256 of every document and capture, and check every timestamp; exit 1 on any problem."""

from django.core.management.base import BaseCommand, CommandError

from cases.evidence.verification import verify_captures, verify_documents


class Command(BaseCommand):
    # Run from cron: no system-check chatter on every run (`manage.py check` is the place for it).
    requires_system_checks: list = []
    help = (
        "Recompute every document's and captured file's SHA-256, check each capture's manifest and timestamp, "
        "and report the missing, the altered and the tampered (exit 1 if any)."
    )

    def handle(self, *args, **options) -> None:
        problems = verify_documents() + verify_captures()
        for problem in problems:
            self.stdout.write(
                f"{problem.problem.upper()}: {problem.title} ({problem.source_uid}) file={problem.file_name} "
                f"expected={problem.expected} found={problem.found or '-'}"
            )
        if problems:
            raise CommandError(f"{len(problems)} document(s) missing, altered or tampered with.")
        self.stdout.write(self.style.SUCCESS("All documents match their recorded SHA-256."))
        self.stdout.write(self.style.SUCCESS("Every capture matches its manifest, and every timestamp verifies."))
