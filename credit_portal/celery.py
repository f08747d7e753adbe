"""The Celery application; configuration comes from Django settings (CELERY_*)."""

import os
from typing import Any

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credit_portal.settings.base")

app = Celery("credit_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def outbox_drain_on_start(sender: Any, **_kwargs: Any) -> None:
    """A starting worker drains the grading outbox first. A worker killed mid-drain loses
    nothing (its transaction rolls back when its connection drops, so the claimed rows are
    free again at once), but its task message waits for the broker's visibility timeout; the
    next worker to start picks the firms up within seconds instead, with no beat."""
    queues = list(sender.app.amqp.queues.consume_from) or [sender.app.conf.task_default_queue]
    sender.app.send_task("ratings.tasks.grades_drain_task", queue=queues[0])
