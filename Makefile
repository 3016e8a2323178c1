# Set-up and main tasks. Each target creates (or reuses) the local virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := seeds/000_1c55c3d659d27ca8.txt

.PHONY: brief test eval bench

brief: $(VENV)/.installed  ## Brief the seed article with the offline engine, as Markdown.
	$(BIN)/briefer brief $(SEED) --engine offline --format md

test: $(VENV)/.installed  ## Lint, type-check, the offline eval gate, then the test suite.
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/briefer eval --engine offline --baseline evals/baselines/offline.json
	$(BIN)/pytest -q

eval: $(VENV)/.installed  ## Score the offline engine; write reports to build/.
	mkdir -p build
	$(BIN)/briefer eval --engine offline --baseline evals/baselines/offline.json \
		--report build/eval.json --report build/eval.xml --report build/eval.html

bench: $(VENV)/.installed  ## Run the speed benchmarks.
	$(BIN)/python benchmarks/bench_offline.py
	$(BIN)/python benchmarks/bench_openai.py
	$(BIN)/python benchmarks/bench_digest.py

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@
