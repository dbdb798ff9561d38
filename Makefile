# Localiste — every command a newcomer, an operator or CI needs. `make help` lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_MAKERS ?= 500
DEMO_SEED ?= 2012
MANAGE := $(BIN)/python manage.py

# `make run` serves the site like production does (DEBUG off, gunicorn, whitenoise) on the
# embedded SQLite database; the secret key is made once and kept in var/.
RUN_ENV := SECRET_KEY="$$(cat var/secret_key)" SECURE_COOKIES=0 \
	ALLOWED_HOSTS="127.0.0.1,localhost,[::1]"

.PHONY: help install install-test run dev test test-unit e2e lint fmt demo messages \
	check-migrations browser redis clean bench upgrade

help:
	@echo "make run      install, migrate, load the gazetteer and demo data (first run), serve on 127.0.0.1:\$$PORT"
	@echo "make test     migrations check, lint, unit/integration and browser tests"
	@echo "make dev      Django's auto-reloading server with DEBUG=1"
	@echo "make e2e      browser tests only"
	@echo "make demo     (re)build demo data: DEMO_MAKERS=500 DEMO_SEED=2012"
	@echo "make bench    search/map/page timings at N makers: N=100000 (N=1000000 documented)"
	@echo "make upgrade  after updating the code: backup, migrate, translations, static files, search index"
	@echo "make lint / make fmt / make messages"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

# Compiled catalogues are committed too; this refreshes them when gettext is installed.
messages: install
	@if command -v msgfmt >/dev/null; then \
		DEBUG=1 $(MANAGE) compilemessages --ignore='.venv/*' -v 0; fi

# Migrations, translations, static files, the gazetteer and (first run only) the demo makers.
prepare: install var/secret_key messages
	@$(RUN_ENV) $(MANAGE) migrate --no-input -v 0
	@$(RUN_ENV) $(MANAGE) collectstatic --no-input -v 0
	@$(RUN_ENV) $(MANAGE) gazetteer_load --if-empty
	@$(RUN_ENV) $(MANAGE) demo --makers $(DEMO_MAKERS) --seed $(DEMO_SEED) --if-empty

# The task worker (mail delivery, background work) and the scheduler (periodic jobs) run
# beside gunicorn, each restarted if it stops (scripts/supervise, logged), and stop with it;
# mail left over from a previous run is queued again at start.
run: prepare
	@echo "Localiste on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	@$(RUN_ENV) $(MANAGE) outbox_deliver --enqueue
	@$(RUN_ENV) scripts/supervise worker $(MANAGE) worker --queue-name '*' -v 0 & worker=$$!; \
	$(RUN_ENV) scripts/supervise scheduler $(MANAGE) schedule_run -v 0 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 \
		--threads 4 --access-logfile - --log-level warning

dev: prepare
	@DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

demo: prepare
	@$(RUN_ENV) $(MANAGE) demo --makers $(DEMO_MAKERS) --seed $(DEMO_SEED)

# After `git pull` (or a new release): the dependencies pyproject.toml now names, then
# manage.py upgrade takes a backup, migrates, compiles translations, collects static files and
# rebuilds the search index, saying what each step did (docs/deployment.md). Restart after it.
upgrade: install var/secret_key
	@$(RUN_ENV) $(MANAGE) upgrade

# Chromium for the browser tests: Debian's package, installed when missing and we are root.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Chromium (apt)…"; \
			(apt-get install -y -q chromium >/dev/null 2>&1 || \
			 (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); \
		else echo "Chromium is missing: sudo apt-get install chromium"; exit 1; fi; }

# Redis for the tests of the limits that use it when REDIS_URL is set (each test starts its
# own server on 127.0.0.1): Debian's package, installed when missing and we are root.
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Redis (apt)…"; \
			(apt-get install -y -q redis-server >/dev/null 2>&1 || \
			 (apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null)); \
		else echo "redis-server is missing: its tests are skipped (sudo apt-get install redis-server)"; fi; }

check-migrations: install-test
	@DEBUG=1 $(MANAGE) makemigrations --check --dry-run -v 1

# Style, then the floors of DESIGN.md (the import contracts in pyproject.toml).
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

fmt: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-unit: install-test messages
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

e2e: install-test messages browser
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

test: check-migrations lint test-suite

# The tests alone, for a second database leg (CI sets DATABASE_URL to PostgreSQL), with the
# coverage of the whole code, then of its services, selectors, views and API endpoints,
# which must not fall under COVERAGE_FLOOR (92 %: their coverage when the floor was set).
COVERAGE_CORE := */services.py,*/services/*,*/selectors.py,*/selectors/*,*/views.py,*/views/*,*/views_*.py,*/api.py
COVERAGE_FLOOR ?= 92
# The tests run on TEST_WORKERS processes (pytest-xdist, one per core here); coverage follows
# them into those processes (its `patch = subprocess`) and combines their data afterwards.
TEST_WORKERS ?= 2
test-suite: install-test messages browser redis
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
	@$(BIN)/coverage combine --quiet
	@echo "Coverage of the whole code (%): $$($(BIN)/coverage report --format=total)"
	@echo "Coverage of services, selectors, views and API endpoints (%, floor $(COVERAGE_FLOOR)):"
	@$(BIN)/coverage report --include='$(COVERAGE_CORE)' --format=total --fail-under=$(COVERAGE_FLOOR)

# Benchmarks, not tests: N demo makers over the country (+ a dense city), the query mix,
# a Markdown table with the DESIGN.md budgets and bench/results/<date>-<db>-<N>.json.
# SQLite in bench/data/ by default; PostgreSQL when DATABASE_URL is set.
N ?= 100000
bench: install
	$(BIN)/python bench/run.py --makers $(N) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/static
