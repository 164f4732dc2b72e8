# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test install install-dev lint demo bench serve prod worker clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "OKO needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/oko init
	$(BIN)/oko demo --if-empty
	$(BIN)/oko serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/gunicorn -c gunicorn.conf.py dashboard.wsgi:server

# The production profile (docs/deploy.md): checks OKO_ENV=production, the secret and a shared
# cache, migrates, then runs gunicorn (OKO_BIND, OKO_WORKERS, OKO_THREADS).
prod: install
	$(BIN)/oko serve --production

# A Celery worker for imports and exports (needs OKO_CELERY_BROKER_URL).
worker: install
	$(BIN)/oko worker

demo: install
	$(BIN)/oko demo --reset

lint: install-dev
	$(BIN)/ruff check .

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/oko bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
