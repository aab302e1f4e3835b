# Set-up and checks. `make demo` runs the product; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check lint typecheck imports pytest pytest-new-year test-any-date bench bench-ledger bench-sync bench-tui \
	bench-statements bench-municipality simulate-long lock clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 venv support is missing; installing python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/office-app demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict office_app screens models migrations tests $(wildcard bench/*.py)

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -q -n 2

# The suite again with the computer's clock started a minute before midnight in Copenhagen on
# New Year's Eve (it ticks on into the new year): nothing may depend on the real date or hour.
pytest-new-year: $(STAMP)
	OFFICE_APP_TEST_WALL_CLOCK=2026-12-31T23:59:00+01:00 $(BIN)/pytest -q -n 2

# The suite at every calendar edge in turn, a minute or two before it: a month's end, New
# Year, the spring and autumn daylight-saving changes in Copenhagen, 29 February.
CALENDAR_EDGES := 2026-11-30T23:59:00+01:00 2026-12-31T23:58:30+01:00 \
	2027-03-28T01:58:00+01:00 2027-10-31T02:58:00+02:00 2028-02-29T23:58:00+01:00
test-any-date: $(STAMP)
	for moment in $(CALENDAR_EDGES); do \
	  OFFICE_APP_TEST_WALL_CLOCK=$$moment bash scripts/with-postgres $(BIN)/pytest -q -n 2 \
	    || exit 1; \
	done

# The whole suite, with a throwaway PostgreSQL server for the PostgreSQL variants.
test: $(STAMP)
	bash scripts/with-postgres $(MAKE) --no-print-directory check

check: lint typecheck imports pytest pytest-new-year

# Benchmarks (not tests): the ledger server on SQLite and on a throwaway PostgreSQL that keeps
# production durability (fsync and synchronous commit on), then the office's sync (push 10,000
# commands; bootstrap a 1,000-student, 180-day school).
bench: bench-ledger bench-municipality bench-sync

bench-ledger: $(STAMP)
	WITH_POSTGRES_DURABLE=1 bash scripts/with-postgres $(BIN)/python bench/ledger_bench.py

# A municipality's lunch: 30 schools x 5 terminals at once on one ledger over durable
# PostgreSQL, against the floor of one durable double-entry commit per purchase.
bench-municipality: $(STAMP)
	WITH_POSTGRES_DURABLE=1 bash scripts/with-postgres $(BIN)/python bench/municipality_bench.py

# The office TUI: start to a usable search screen, and search as you type over 50,000 children.
bench-tui: $(STAMP)
	$(BIN)/python bench/tui_bench.py

# Statements: query and PDF for one child, a class, and 500 statements against plain ReportLab.
bench-statements: $(STAMP)
	$(BIN)/python bench/statements_bench.py
	$(BIN)/python bench/class_statement_bench.py

bench-sync: $(STAMP)
	$(BIN)/python bench/sync_bench.py

# The long deterministic simulation: 20 seeds of 50,000 operations, two at a time.
simulate-long: $(STAMP)
	$(BIN)/python bench/simulate.py --seeds 1-20 --operations 50000 --jobs 2

lock: $(BIN)/python
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --universal -o requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info
