"""The empty task the alert figure is compared with; loaded only by the bench's workers."""

from celery import shared_task
from django.conf import settings
from redis import Redis

COUNTER_KEY = "bench:empty-tasks"
_redis: Redis | None = None


@shared_task(ignore_result=True)
def empty_task() -> None:
    # Counting is the only work: the bench needs to know when the last one ran.
    global _redis
    if _redis is None:
        _redis = Redis.from_url(settings.REDIS_URL)
    _redis.incr(COUNTER_KEY)
