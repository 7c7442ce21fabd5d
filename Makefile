# Developer shortcuts. `make check` runs every check CI runs, in the existing .venv.
# (CI itself, from a fresh virtualenv: `bash .ci/run`.)

VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
TEST_MARKERS ?= not soak
# pytest-xdist workers for `make test` (two per CPU; 0 = one process, e.g. to use pdb)
TEST_WORKERS ?= auto
SOURCES := iottui tests benchmarks
# The snap_compare tests (their SVGs are in __snapshots__ beside them) and the scripts that copy
# the main screens' SVGs to screenshots/ for the README.
SNAPSHOT_TESTS ?= $(wildcard tests/ui/test_snapshots.py tests/ui/*/test_snapshots.py)
SCREENSHOT_SCRIPTS := $(wildcard tests/ui/make_screenshots.py tests/ui/*/make_screenshots.py)

.PHONY: help venv check lint typecheck test test-all soak snapshots fmt ci clean

help:
	@echo "make venv       create .venv and install the project with its dev extras"
	@echo "make check      lint + format check + import layers + mypy + tests (what CI runs)"
	@echo "make test       the test suite (-m '$(TEST_MARKERS)' -n $(TEST_WORKERS))"
	@echo "make soak       the long soak test only"
	@echo "make snapshots  update snapshot SVGs and screenshots/ (review the diff before committing)"
	@echo "make fmt        format and auto-fix lint"
	@echo "make ci         bash .ci/run (fresh virtualenv, as CI does)"

venv:
	python3 -m venv $(VENV)
	$(PY) -m pip install -e '.[dev]'

check: lint typecheck test

lint:
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

test:
	$(PY) -m pytest -m "$(TEST_MARKERS)" -n $(TEST_WORKERS)

soak:
	$(PY) -m pytest -m soak

snapshots:
	$(PY) -m pytest $(SNAPSHOT_TESTS) --snapshot-update
	for script in $(SCREENSHOT_SCRIPTS); do $(PY) $$script || exit 1; done
	git status --short tests/ui screenshots

fmt:
	$(BIN)/ruff check --fix $(SOURCES)
	$(BIN)/ruff format $(SOURCES)

ci:
	bash .ci/run

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache snapshot_report.html
