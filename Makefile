# Two commands for a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?= -n 2

.PHONY: run test lint check messages clean bench

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-runtime

# `make run ADDRESS=127.0.0.1:8001` serves on another port; the sign-in line printed says which.
ADDRESS ?= 127.0.0.1:8000

run: $(VENV)/.installed-runtime
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py demo_admin --address $(ADDRESS)
	$(PY) manage.py runserver $(ADDRESS)

# axe-core and the Nu HTML Checker (vnu-jar) for the page checks in the tests, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

test: $(VENV)/.installed-dev node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: $(VENV)/.installed-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l ru -l kk --no-location -i ".venv/*" -i "var/*" -i "node_modules/*"
	$(PY) manage.py compilemessages -i ".venv/*" -i "node_modules/*"

clean:
	rm -rf var test-artifacts .pytest_cache node_modules

# Benchmark at realistic scale (docs/performance.md); BENCH_ARGS="--scale 0.05" for a quick run.
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || apt-get install -y wrk || sudo apt-get install -y wrk
	$(PY) -m bench $(BENCH_ARGS)
