# Linli: `make run` to try it, `make test` before every commit.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/dev.lock
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve install test test-fast lint fmt bench load fuzz demo messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo --if-empty
	HOST=$(HOST) PORT=$(PORT) bin/serve

serve: install
	HOST=$(HOST) PORT=$(PORT) bin/serve

demo: install
	$(BIN)/python manage.py load_demo --if-empty

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/lint-imports --cache-dir var/import_linter_cache  # the layers in .importlinter
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/python scripts/check_translations.py --check
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The API under schemathesis (FUZZ_EXAMPLES requests per operation, role and kind) and every page
# under hostile query values, far longer than `make test` runs them: on SQLite, then on the
# PostgreSQL of FUZZ_DATABASE_URL (empty: SQLite only). Zero server errors is the bar.
FUZZ_EXAMPLES ?= 40
FUZZ_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/linli_fuzz
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_PAGE_VALUES=99 $(BIN)/pytest -p no:xdist -q tests/fuzz $(PYTEST_ARGS)
	if [ -n "$(FUZZ_DATABASE_URL)" ]; then \
	  DATABASE_URL=$(FUZZ_DATABASE_URL) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_PAGE_VALUES=99 \
	    $(BIN)/pytest -p no:xdist -q --create-db tests/fuzz $(PYTEST_ARGS); fi

# 200 simulated people for 10 minutes against bin/serve on a fresh PostgreSQL database (LOAD_DATABASE_URL,
# default linli_load on the local server); fails on any error or a database that disagrees with them.
load: install
	$(BIN)/python bench/load.py $(LOAD_ARGS)

messages: install
	cd $(CURDIR) && $(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python scripts/check_translations.py  # compiles the .mo files the check compares with

clean:
	rm -rf $(VENV) var/test*.sqlite3
