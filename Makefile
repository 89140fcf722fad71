# Waybill Relay — developer commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: test lint typecheck unit contract e2e bench demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# The locked set only: exact versions with hashes (requirements-dev.txt holds requirements.txt's pins
# too); pip refuses any file whose hash is not in the lock.
$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

# checkov (tests/infra/test_checkov.py) in a venv of its own: its HCL parser installs the same `hcl2`
# module as python-hcl2, and it pins an old boto3 (requirements-checkov.in says more).
CHECKOV_VENV  := $(VENV)/checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
$(CHECKOV_STAMP): requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements-checkov.txt
	touch $(CHECKOV_STAMP)

## make lock: resolve requirements*.in into the hashed lock files (keeps current pins where they fit);
## make lock-upgrade: the same, taking the newest versions the ranges allow. Commit the .txt files.
UV_COMPILE := $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock"
.PHONY: lock lock-upgrade
lock: $(STAMP)
	$(UV_COMPILE) $(UPGRADE) requirements.in -o requirements.txt
	$(UV_COMPILE) $(UPGRADE) requirements-dev.in --constraint requirements.txt -o requirements-dev.txt
	$(UV_COMPILE) $(UPGRADE) requirements-checkov.in -o requirements-checkov.txt
lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

## make test: lint, type-check and every test lane (what CI runs)
test: lint typecheck unit contract e2e

## The test lanes are folders (tests/unit/test_lanes.py checks that each test folder is in exactly one):
## make unit:     the pure core and parsing, in-process: no sockets, no processes (tests/unit/conftest.py
##                refuses them); under a minute
## make contract: the real clients against the emulators on loopback, and the emulators' own protocol
## make e2e:      whole worlds: end-to-end and scenarios, the functions served, the invariants, the fault
##                matrix's quick slice, the demo, the deployment checks, commands run as a person runs
##                them (subprocesses), the Apps Script in Node, the web view in a browser
## Extra pytest arguments: PYTEST_ARGS, e.g. make e2e PYTEST_ARGS='-m "not slow"'
UNIT_TESTS     := tests/unit
CONTRACT_TESTS := tests/contract tests/emulators
E2E_TESTS      := tests/e2e tests/scenarios tests/functions tests/invariants tests/faults tests/demo \
                  tests/infra tests/commands tests/apps_script tests/browser tests/fidelity tests/docs

## make lint: ruff, and the layers (pyproject.toml [tool.importlinter]: core < adapters < app < cli <
## functions; emulators stand alone; demo and benchmarks on top)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy shared functions emulators demo main.py

unit: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS) $(UNIT_TESTS)

contract: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS) $(CONTRACT_TESTS)

e2e: $(STAMP) $(CHECKOV_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS) $(E2E_TESTS)

## make bench: throughput and API-budget benchmarks (prints tables; not pass/fail on timings)
bench: $(STAMP)
	$(PY) -m benchmarks

## make explore: the property tests (hypothesis) with fresh random examples, EXPLORE_ROUNDS times (default 5);
## `make test` draws a fixed set so that CI's verdict depends on the code alone
.PHONY: explore
EXPLORE_ROUNDS ?= 5
explore: $(STAMP)
	for round in $$(seq 1 $(EXPLORE_ROUNDS)); do \
	  echo "explore round $$round/$(EXPLORE_ROUNDS)"; \
	  HYPOTHESIS_PROFILE=explore $(PY) -m pytest $(PYTEST_ARGS) $$(grep -rl --include='test_*.py' '^from hypothesis' tests) || exit 1; \
	done

## make faults: the whole fault matrix (every fault x store local|s3 x seeds); prints its table
.PHONY: faults
faults: $(STAMP)
	$(PY) -m tests.faults

## make demo: run the product locally with no accounts
demo: $(STAMP)
	$(PY) -m demo

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis

## make sheets-emulator: the Google Sheets API emulator and its web view on http://127.0.0.1:8085/ui/
.PHONY: sheets-emulator
sheets-emulator: $(STAMP)
	$(PY) -m emulators.sheets --port 8085 --state $(VENV)/sheets-emulator-state.json

## make fidelity GSPREAD_SRC=DIR: gspread's own test suite run live against the Sheets emulator
## (DIR: a checkout of gspread's repository at the pinned release; without it, says how to get one)
.PHONY: fidelity
fidelity: $(STAMP)
	$(PY) -m tests.fidelity $(if $(GSPREAD_SRC),--gspread-src "$(GSPREAD_SRC)")
