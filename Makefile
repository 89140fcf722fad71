# Waybill Relay — developer commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: test lint typecheck unit bench demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## make test: lint, type-check and run the whole test suite (what CI runs)
test: lint typecheck unit

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy shared functions emulators main.py

unit: $(STAMP)
	$(PY) -m pytest

## make bench: throughput and API-budget benchmarks (prints tables; not pass/fail on timings)
bench: $(STAMP)
	$(PY) -m benchmarks

## make faults: the whole fault matrix (every fault x store local|s3 x seeds); prints its table
.PHONY: faults
faults: $(STAMP)
	$(PY) -m tests.faults

## make demo: run the product locally with no accounts
demo: $(STAMP)
	$(PY) -m shared.cli demo

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis

## make sheets-emulator: the Google Sheets API emulator and its web view on http://127.0.0.1:8085/ui/
.PHONY: sheets-emulator
sheets-emulator: $(STAMP)
	$(PY) -m emulators.sheets --port 8085 --state $(VENV)/sheets-emulator-state.json
