# SPDX-License-Identifier: MPL-2.0
# The two commands of the README: `make run` (install and start the demo) and
# `make test` (install and run every test). Everything else here serves those two.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.8
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-dev assets messages migrate demo serve lint bandit pip-audit check-deploy pytest clean bench bench-registry bench-import bench-load bench-indicators bench-national-db bench-indicators-national bench-national-pg

run: install assets messages migrate demo serve

test: install-dev assets messages lint pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed-base: requirements/base.lock | $(UV)
	$(UV) pip sync --quiet --python $(BIN)/python requirements/base.lock
	rm -f $(VENV)/.installed-dev
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock | $(UV)
	$(UV) pip sync --quiet --python $(BIN)/python requirements/dev.lock
	rm -f $(VENV)/.installed-base
	touch $@

# `make run` needs the runtime packages; a venv that already has the dev set has them too.
install: | $(UV)
	@if [ -f $(VENV)/.installed-dev ] && [ $(VENV)/.installed-dev -nt requirements/dev.lock ]; then :; \
	else $(MAKE) --no-print-directory $(VENV)/.installed-base; fi

install-dev: $(VENV)/.installed-dev

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install
	$(MANAGE) migrate --noinput -v 0

demo: install
	$(MANAGE) load_demo
	$(MANAGE) generate_registry
	$(MANAGE) generate_plans
	$(MANAGE) flags_refresh
	$(MANAGE) indicators_recompute

serve: install
	@$(MANAGE) demo_logins
	$(MANAGE) runserver 127.0.0.1:8000

lint: install-dev bandit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run -v 1

# No high-severity finding of bandit in the code (docs/adr/0017-reliability-and-retention.md).
bandit: install-dev
	$(BIN)/bandit --quiet --recursive --severity-level high --confidence-level low helhed config

# No known vulnerability in the runtime dependencies: `make pip-audit`, where PyPI's JSON
# API (or OSV) is reachable. It is not part of `make test`: on the closed network of the
# project's machines and CI it cannot look any package up, and with --strict a package it
# cannot look up fails the audit, so it fails here rather than passing having audited
# nothing (docs/adr/0017-reliability-and-retention.md).
pip-audit: install-dev
	@if [ "$(SKIP_PIP_AUDIT)" = 1 ]; then \
		echo "*** pip-audit NOT RUN (SKIP_PIP_AUDIT=1): the dependencies were NOT audited ***"; \
	else \
		$(BIN)/pip-audit --requirement requirements/base.lock --no-deps --disable-pip \
			--strict --progress-spinner off \
		|| { echo "*** pip-audit FAILED: a known vulnerability, or a package it could not look up" \
			"(is PyPI reachable?). Not a pass: the dependencies were not all audited. ***"; \
			exit 1; }; \
	fi

pytest: install-dev
	CHROMIUM=$(CHROMIUM) DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n 2 --dist loadgroup --durations=15 $(PYTEST_ARGS)

bench: install-dev assets messages
	$(BIN)/python bench/run.py

bench-registry: install-dev assets messages
	$(BIN)/python bench/registry_pages.py

# The indicators' upkeep per registry write against the write without it, and the full
# recompute (BENCH_INDICATORS_ARGS="--all --scale 1" for all 98 municipalities).
# The national-scale registry for the benchmarks (BENCH_NATIONAL_DB=/path/file.sqlite3).
bench-national-db: install-dev messages
	$(BIN)/python bench/national_db.py

# The same registry copied into PostgreSQL (BENCH_REGISTRY_DB=<the SQLite file>
# DATABASE_URL=postgres://...): minutes instead of another hour's build.
bench-national-pg: install-dev messages
	$(BIN)/python bench/national_to_postgres.py

# Every indicator from the store against DuckDB computing one (BENCH_REGISTRY_DB=...).
bench-indicators-national: install-dev messages
	$(BIN)/python bench/indicators_national.py

bench-indicators: install-dev messages
	$(BIN)/python bench/indicators.py

# The monthly overview's disclosure control against every earlier version of its series,
# beside the same tables on their own (docs/adr/0049; BENCH_DISCLOSURE_YEARS, default 3).
.PHONY: bench-disclosure
bench-disclosure: install-dev messages
	$(BIN)/python bench/disclosure_chain.py

# Import throughput against a raw bulk insert, and peak memory, at two file sizes
# (BENCH_IMPORT_ROWS=100000,1000000); DATABASE_URL=postgres://... for PostgreSQL.
bench-import: install-dev messages
	$(BIN)/python bench/import_bench.py

# The import at national scale: 98 municipalities, 1,000,000 persons, 10,000,000 spells and
# interventions, each municipality's files against a raw insert of the same rows
# (BENCH_IMPORT_PERSONS; DATABASE_URL=postgres://... for PostgreSQL).
.PHONY: bench-import-national
bench-import-national: install-dev messages
	$(BIN)/python bench/import_national.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-wal db.sqlite3-shm var

# 50 caseworkers at once against gunicorn on loopback, 60 s (BENCH_LOAD_USERS,
# BENCH_LOAD_SECONDS; BENCH_REGISTRY_DB=/path/db.sqlite3 reuses a national-scale registry).
bench-load: install-dev assets messages
	$(BIN)/python bench/load_caseworkers.py

# The managers' dashboard (page, XLSX, drill-down) against a trivial page, side by side
# (BENCH_REGISTRY_ARGS / BENCH_REGISTRY_DB as bench-registry; BENCH_ROUNDS, default 30).
.PHONY: bench-dashboard
bench-dashboard: install-dev assets messages
	$(BIN)/python bench/dashboard.py

# The national comparison as a politician reads it, kept and after a month's end, against a
# trivial page; the same registry set-up as bench-dashboard (bench/registry_db.py).
.PHONY: bench-comparison
bench-comparison: install-dev assets messages
	$(BIN)/python bench/comparison.py

# The committee follow-up report (page as manager and politician, PDF) against a trivial
# page, side by side; the same registry set-up as bench-dashboard (bench/registry_db.py).
.PHONY: bench-follow-up
bench-follow-up: install-dev assets messages
	$(BIN)/python bench/follow_up.py
