"""What beat sends, and when (Asia/Shanghai): the nightly sweeps that move with the calendar and
the frequent ones that catch up after a broker or receiver outage."""

from __future__ import annotations

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    # Grades use 2- and 3-year windows: a nightly full recompute lets old records age out.
    "grades-recompute-all": {
        "task": "ratings.tasks.grades_recompute_all_task",
        "schedule": crontab(hour=2, minute=15),
    },
    # Entries whose 3-year period ended leave the blacklist (and their grade is recomputed).
    "blacklist-expire": {
        "task": "lists.tasks.blacklist_expire_task",
        "schedule": crontab(hour=0, minute=30),
    },
    # Firms 60 days short of 3 years on the abnormal-operations list are warned.
    "abnormal-escalation-warning": {
        "task": "lists.tasks.abnormal_warn_task",
        "schedule": crontab(hour=1, minute=0),
    },
    # Penalties entering or leaving public view on a date (Order 45 windows) become change
    # events; right after midnight, when the windows move.
    "publicity-events": {
        "task": "publicity.tasks.publicity_events_record_task",
        "schedule": crontab(hour=0, minute=5),
    },
    # Webhooks: new change-feed events fanned out to subscriptions, and deliveries whose
    # (backed-off) attempt is due. Services wake both at once; these catch up after an outage.
    "webhooks-dispatch": {
        "task": "sharing.tasks.webhooks_dispatch_task",
        "schedule": 5.0,
    },
    "webhooks-deliver-due": {
        "task": "sharing.tasks.webhook_deliveries_due_task",
        "schedule": 5.0,
    },
    # The nightly bulk dump of every public dataset (bulk/), after the night's regrade and
    # publicity sweep so it shows the day as the pages do; prunes past BULK_RETENTION_DAYS.
    "bulk-export": {
        "task": "bulk.tasks.bulk_export_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Drains the outbox when a record was saved while the broker was down.
    "grades-drain-outbox": {
        "task": "ratings.tasks.grades_drain_task",
        "schedule": 60.0,
    },
}
