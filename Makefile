# Set-up and main tasks. Each target creates (or reuses) the local virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := seeds/000_1c55c3d659d27ca8.txt

.PHONY: brief test lint bench

brief: $(VENV)/.installed  ## Brief the seed article with the offline engine, as Markdown.
	$(BIN)/briefer brief $(SEED) --engine offline --format md

test: $(VENV)/.installed  ## Lint and run the whole test suite.
	$(BIN)/ruff check .
	$(BIN)/pytest -q

bench: $(VENV)/.installed  ## Run the speed benchmarks.
	$(BIN)/python benchmarks/bench_offline.py
	$(BIN)/python benchmarks/bench_openai.py

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@
