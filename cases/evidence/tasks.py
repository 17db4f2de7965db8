"""Weekly check of every document's hash; editors are told of any problem by email."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from cases.evidence.verification import verify_documents
from tracker import roles
from tracker.tasks import LONG_JOB


def editor_emails() -> list[str]:
    # Who is an editor is asked of tracker.roles, never matched here: superusers are editors too.
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted({user.email for user in users if roles.is_editor(user)})


@shared_task(name="cases.verify_documents", **LONG_JOB)
def verify_documents_task() -> int:
    """Safe to run twice: it only reads files and sends a report."""
    problems = verify_documents()
    recipients = editor_emails()
    if problems and recipients:
        context = {"problems": problems}
        subject = render_to_string("emails/documents-problem-subject.txt", context).strip()
        body = render_to_string("emails/documents-problem-body.txt", context)
        send_mail(subject, body, None, recipients)
    return len(problems)
