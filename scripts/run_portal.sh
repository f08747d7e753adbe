#!/usr/bin/env bash
# Web server, Celery worker and beat together; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
trap 'trap - EXIT INT TERM; kill 0 2>/dev/null || true' EXIT INT TERM

QUEUE=$($BIN/python -c 'import os; os.environ.setdefault("DJANGO_SETTINGS_MODULE","credit_portal.settings.base"); import django; django.setup(); from django.conf import settings; print(settings.CELERY_TASK_DEFAULT_QUEUE)')
$BIN/celery -A credit_portal worker --loglevel=INFO --concurrency=2 -Q "$QUEUE" &
$BIN/celery -A credit_portal beat --loglevel=INFO &
echo "Portal on http://127.0.0.1:8000/ (admin: /admin/, API docs: /api/docs/)"
$BIN/gunicorn credit_portal.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile - &
wait -n
