# Two entry points for a fresh machine: `make run` (portal with demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_ENTERPRISES ?= 3000

.PHONY: run test install lint bench loadtest messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# A local .env with a fresh secret key; never committed.
.env:
	@printf 'SECRET_KEY=%s\nHTTPS_ONLY=false\nWEBHOOKS_ALLOW_PRIVATE_TARGETS=true\nMAP_PREVIEW=true\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env with a new SECRET_KEY."

run: install .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --enterprises $(DEMO_ENTERPRISES) --if-empty
	$(BIN)/python manage.py demo_accounts
	scripts/run_portal.sh

test: install
	$(BIN)/python -m pytest

# Style, the layer contracts (pyproject.toml) and types: CI fails on any of them.
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy


# Every benchmark at BENCH_FIRMS firms (default 1,000,000), figures also in var/bench.json.
bench: install
	$(BIN)/python -m bench --json var/bench.json

# The public reads held at capacity for LOADTEST_SECONDS (default 300) with zero errors.
LOADTEST_SECONDS ?= 300
LOADTEST_PROBE_SECONDS ?= 10
loadtest: install
	LOADTEST_SECONDS=$(LOADTEST_SECONDS) LOADTEST_PROBE_SECONDS=$(LOADTEST_PROBE_SECONDS) \
	  $(BIN)/python -m bench.loadtest

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore '.venv/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf var staticfiles
