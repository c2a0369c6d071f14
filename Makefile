# Orbit: `make run` to try it, `make test` to prove it. Works on a bare machine with Python 3.12+.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell scripts/find-python)
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install classifier run stop test lint format migrate seed worker check-deploy bench clean

help:
	@echo "make run    install, migrate, seed the demo account, start web server + worker"
	@echo "make stop   stop what make run started, the embedded PostgreSQL included"
	@echo "make test   run the whole test suite"
	@echo "make lint   ruff check and format check"
	@echo "make bench  run the benchmarks in bench/"

.tools/bin/uv:
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found; set PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.synced

# The mail classifier, trained from the committed corpus; a no-op when this version is built.
classifier: install
	$(PY) manage.py train_classifier

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate classifier
	$(PY) manage.py seed_demo

run: seed
	DEBUG=$${DEBUG:-1} $(PY) manage.py runorbit --host $(HOST) --port $(PORT)

# From another shell, or after Ctrl-C: the processes of `make run` and the embedded PostgreSQL.
stop: install
	$(PY) -m devtools.runner

worker: install
	$(PY) manage.py qcluster

test: classifier
	DEBUG=0 TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=orbit.example.com \
		REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf .venv .tools staticfiles
