FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# Every process logs in China Standard Time (gunicorn and Celery read TZ); the POSIX form needs
# no zone files in the slim image, and China keeps no daylight saving.
ENV TZ=CST-8
WORKDIR /app
COPY pyproject.toml README.md ./
COPY credit_portal ./credit_portal
COPY core ./core
COPY accounts ./accounts
COPY enterprises ./enterprises
COPY ratings ./ratings
COPY lists ./lists
COPY publicity ./publicity
COPY dueprocess ./dueprocess
COPY disclosure ./disclosure
COPY selfservice ./selfservice
COPY sharing ./sharing
COPY bulk ./bulk
COPY console ./console
COPY inspections ./inspections
COPY demo ./demo
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY manage.py ./
RUN pip install . && useradd --system --uid 10001 portal && mkdir -p /app/var /app/bulk && chown portal /app/var /app/bulk
# collectstatic needs a key only to import settings; the real key comes from the environment.
RUN SECRET_KEY=build-only HTTPS_ONLY=false python manage.py collectstatic --noinput
USER portal
EXPOSE 8000
CMD ["gunicorn", "credit_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
