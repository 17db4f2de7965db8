"""Telling staff that backups are failing: editors by email, and the site's ADMINS."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import mail_admins, send_mail
from django.template.loader import render_to_string

from tracker import roles


def editor_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.EDITOR).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def backup_alert_send(*, problem: str, last_success: dt.datetime | None) -> int:
    """Send the alert; return how many editors were written to. The message names no case data."""
    context = {"problem": problem, "last_success": last_success, "backup_dir": settings.BACKUP_DIR}
    subject = render_to_string("emails/backup-alert-subject.txt", context).strip()
    body = render_to_string("emails/backup-alert-body.txt", context)
    recipients = editor_emails()
    if recipients:
        send_mail(subject, body, None, recipients)
    mail_admins(subject, body)
    return len(recipients)
