"""A one-line progress bar on a terminal; nothing at all in cron or Celery."""

from typing import TextIO

from tracker.backups.archive import Progress


def terminal_progress(stream: TextIO) -> Progress | None:
    if not stream.isatty():
        return None

    def show(label: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        stream.write(f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
