#!/usr/bin/env bash
# Web server, Celery worker and beat together; Ctrl-C stops all three, cleanly.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Every process logs in the portal's time zone (gunicorn and Celery read the process's TZ).
export TZ=Asia/Shanghai

pids=()
stopping=0
stop() {
  # Only our own children: signalling the whole process group would hit make as well, which
  # then reports "wait: No child processes" or "Terminated".
  [ "$stopping" -eq 1 ] && return
  stopping=1
  trap - INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
  echo "Portal stopped."
  exit 0
}
trap stop INT TERM

QUEUE=$($BIN/python -c 'import os; os.environ.setdefault("DJANGO_SETTINGS_MODULE","credit_portal.settings.base"); import django; django.setup(); from django.conf import settings; print(settings.CELERY_TASK_DEFAULT_QUEUE)')
$BIN/celery -A credit_portal worker --loglevel=INFO --concurrency=2 -Q "$QUEUE" &
pids+=($!)
$BIN/celery -A credit_portal beat --loglevel=INFO &
pids+=($!)
echo "Portal on http://127.0.0.1:8000/ (admin: /admin/, API docs: /api/docs/)"
# In a session of its own: Ctrl-C reaches the whole foreground group, and a gunicorn worker
# interrupted by it mid-request prints a traceback; stop() sends it TERM instead, which lets
# each worker finish what it is doing.
setsid $BIN/gunicorn credit_portal.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile - &
pids+=($!)
# Until one of them ends on its own (then stop the others) or Ctrl-C arrives.
wait -n
stop
