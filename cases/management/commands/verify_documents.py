"""Recompute the SHA-256 of every attached document; exit 1 if any is missing or altered."""

from django.core.management.base import BaseCommand, CommandError

from cases.evidence.verification import verify_documents


class Command(BaseCommand):
    # Run from cron: no system-check chatter on every run (`manage.py check` is the place for it).
    requires_system_checks: list = []
    help = "Recompute every document's SHA-256 and report the missing and the altered (exit 1 if any)."

    def handle(self, *args, **options) -> None:
        problems = verify_documents()
        for problem in problems:
            self.stdout.write(
                f"{problem.problem.upper()}: {problem.title} ({problem.source_uid}) file={problem.file_name} "
                f"expected={problem.expected} found={problem.found or '-'}"
            )
        if problems:
            raise CommandError(f"{len(problems)} document(s) missing or altered.")
        self.stdout.write(self.style.SUCCESS("All documents match their recorded SHA-256."))
