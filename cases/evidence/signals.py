"""With EVIDENCE_CAPTURE_NEW_SOURCES on, a new source with a URL is captured without anyone asking.

The signal only queues work once the transaction commits (the task creates the capture),
so an admin form, an API call and an import all get it alike, and a rolled-back source gets none.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.evidence.tasks import capture_new_source
from cases.models import Source


@receiver(post_save, sender=Source, dispatch_uid="evidence-capture-new-source")
def queue_capture_of_new_source(sender, instance: Source, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created or not instance.url or not settings.EVIDENCE_CAPTURE_NEW_SOURCES:
        return
    transaction.on_commit(
        lambda: capture_new_source.apply_async((instance.pk,), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    )
