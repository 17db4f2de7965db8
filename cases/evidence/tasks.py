"""Captures run on the workers; the weekly check of every document, capture and timestamp tells editors of problems."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from cases.evidence.running import capture_create, capture_run, captures_due
from cases.evidence.verification import verify_captures, verify_documents
from tracker import roles
from tracker.tasks import LONG_JOB

logger = logging.getLogger(__name__)

# A capture may take the page's whole time limit, then the browser's shutdown and the storing.
CAPTURE_JOB = {
    "acks_late": True,
    "soft_time_limit": settings.EVIDENCE_CAPTURE_TIME_LIMIT + 60,
    "time_limit": settings.EVIDENCE_CAPTURE_TIME_LIMIT + 90,
}


def editor_emails() -> list[str]:
    # Who is an editor is asked of tracker.roles, never matched here: superusers are editors too.
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted({user.email for user in users if roles.is_editor(user)})


@shared_task(name="cases.evidence.capture_source", **CAPTURE_JOB)
def capture_source(capture_id: int) -> str | None:
    """Safe to deliver twice: the claim lets one worker run it, the other finds nothing to do."""
    return capture_run(capture_id)


def capture_enqueue(capture_id: int) -> None:
    """Queue a capture; if the broker is down the sweep queues it later, so the request still succeeds."""
    try:
        capture_source.apply_async((capture_id,), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    except Exception:  # the row is kept: the sweep finds it
        logger.exception("capture %s could not be queued; the sweep will", capture_id)


@shared_task(name="cases.evidence.sweep_captures")
def sweep_captures() -> int:
    due = captures_due()
    for capture_id in due:
        capture_enqueue(capture_id)
    return len(due)


@shared_task(name="cases.evidence.capture_new_source")
def capture_new_source(source_id: int) -> None:
    """Queued on commit of a new source with a URL when EVIDENCE_CAPTURE_NEW_SOURCES is on."""
    from cases.models import Source

    source = Source.objects.filter(pk=source_id).exclude(url="").first()
    if source is not None and not source.captures.exists():
        capture = capture_create(source=source, by=None)
        transaction.on_commit(lambda: capture_enqueue(capture.pk))


@shared_task(name="cases.verify_documents", **LONG_JOB)
def verify_documents_task() -> int:
    """Safe to run twice: it reads files, records what it found on each capture, and sends a report."""
    problems = verify_documents() + verify_captures()
    for problem in problems:
        logger.warning("evidence problem: %s: %s (%s)", problem.title, problem.problem, problem.file_name)
    recipients = editor_emails()
    if problems and recipients:
        context = {"problems": problems}
        subject = render_to_string("emails/documents-problem-subject.txt", context).strip()
        body = render_to_string("emails/documents-problem-body.txt", context)
        send_mail(subject, body, None, recipients)
    return len(problems)
