"""How an alert leaves: email or webhook, behind one small interface.

A transport either returns (the receiver accepted) or raises TransientError (try
again later) or PermanentError (retrying cannot help; the row is marked failed).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives

log = logging.getLogger(__name__)


class TransportError(Exception):
    """Base: the message says why, and ends up in Notification.last_error for staff."""


class TransientError(TransportError):
    pass


class PermanentError(TransportError):
    pass


@dataclass
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str
    message_id: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class WebhookMessage:
    url: str
    secret: str
    delivery_id: str
    payload: dict


def _smtp_code_error(code: int, detail: str) -> TransportError:
    # RFC 5321: 4xx is "try again later", 5xx is final.
    if 400 <= code < 500:
        return TransientError(f"SMTP {code}: {detail}")
    return PermanentError(f"SMTP {code}: {detail}")


class EmailTransport:
    """Django's email backend: SMTP in production, the console in the embedded default.

    Given a backend connection, messages share it (opened on the first send); after a
    failed send it is closed, so the next message starts on a fresh one.
    """

    def __init__(self, connection=None) -> None:
        self.connection = connection

    def send(self, message: EmailMessage) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            to=[message.to],
            headers={"Message-ID": message.message_id, **message.headers},
            connection=self.connection,
        )
        email.attach_alternative(message.html, "text/html")
        try:
            try:
                if self.connection is not None:
                    self.connection.open()  # no-op while open
                email.send(fail_silently=False)
            except Exception:
                self.close()
                raise
        except smtplib.SMTPRecipientsRefused as exc:
            code, detail = next(iter(exc.recipients.values()))
            raise _smtp_code_error(code, _text(detail)) from exc
        except smtplib.SMTPResponseException as exc:
            raise _smtp_code_error(exc.smtp_code, _text(exc.smtp_error)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Disconnects, refused connections, timeouts: the server may be back soon.
            raise TransientError(f"SMTP: {exc.__class__.__name__}: {exc}") from exc

    def close(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.close()
        except (smtplib.SMTPException, OSError):
            # QUIT on a connection the server already dropped: nothing left to close.
            log.debug("alerts: closing the SMTP connection failed", exc_info=True)


class WebhookTransport:
    """A signed JSON POST; the receiver checks the signature and drops repeated delivery ids."""

    timeout_seconds = 10

    def send(self, message: WebhookMessage) -> None:
        body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310 - staff register http(s) URLs only (URLField)
            message.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "case-tracker-alerts/1",
                "X-Tracker-Delivery": message.delivery_id,
                "X-Tracker-Timestamp": timestamp,
                "X-Tracker-Signature": "sha256=" + webhook_signature(message.secret, timestamp, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                response.read(1024)
        except urllib.error.HTTPError as exc:
            # Busy or broken receivers may recover; other 4xx answers will not change on retry.
            if exc.code in (408, 425, 429) or exc.code >= 500:
                raise TransientError(f"HTTP {exc.code} {exc.reason}") from exc
            raise PermanentError(f"HTTP {exc.code} {exc.reason}") from exc
        except OSError as exc:
            raise TransientError(f"HTTP: {exc}") from exc


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>": the timestamp lets receivers refuse replays."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _text(detail: bytes | str) -> str:
    return detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
