# Annalist: `make extract` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= corpus
OUT    ?= outputs
ARGS   ?=
GOLDEN := tests/fixtures/golden

.DEFAULT_GOAL := help
.PHONY: help venv extract test bench eval lint clean validate golden docs

help: ## list every target
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -c "from pipeline import gazetteer; gazetteer.default()"  # its index, built once
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install Annalist with its spaCy model and test tools

extract: $(STAMP) ## run the pipeline on corpus/ into outputs/ (only what changed; ARGS=--no-cache for a full run)
	$(BIN)/annalist extract --corpus $(CORPUS) --out $(OUT) $(ARGS)
	@echo "Only new or changed documents are processed; the committed outputs count as current. Force a full run with: make extract ARGS=--no-cache"

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest -q $(ARGS)

eval: $(STAMP) ## score the temporal tagger (TimeML dev sets), event mentions and coreference (ECB+ dev; EVAL_TOPICS=1-5 for a subset), claims (CaRB dev) and attribution (tests/fixtures/attribution)
	$(BIN)/annalist eval timex ../shared/data/timebank ../shared/data/wikiwars-dev
	$(BIN)/annalist eval events ../shared/data/ecbplus-dev $(if $(EVAL_TOPICS),--topics $(EVAL_TOPICS))
	$(BIN)/annalist eval coref ../shared/data/ecbplus-dev $(if $(EVAL_TOPICS),--topics $(EVAL_TOPICS))
	$(BIN)/annalist eval claims ../shared/data/carb-dev
	$(BIN)/annalist eval attribution tests/fixtures/attribution

bench: $(STAMP) ## benchmark on ../shared/bench/corpus and one reconciliation of a million synthetic mentions, write bench/results.json; enforce the tests' time bounds
	$(BIN)/python -m bench.run --corpus ../shared/bench/corpus --out bench/results.json
	$(BIN)/python -m pytest -q -m timing --timing

golden: $(STAMP) ## regenerate the golden test's expected CSVs after an intended change
	rm -rf $(GOLDEN)/expected
	$(BIN)/annalist extract --corpus $(GOLDEN)/corpus --out $(GOLDEN)/expected --no-cache --workers 1 --quiet
	cd $(GOLDEN)/expected && rm -rf report.html sources datapackage.json id_registry.json .annalist.lock .annalist-state.json

docs: $(STAMP) ## regenerate docs derived from code (data dictionary, event types)
	$(BIN)/python -m pipeline.docsync

validate: $(STAMP) ## check outputs/ against its datapackage.json
	$(BIN)/annalist validate $(OUT)

lint: $(STAMP) ## static checks (ruff: pyflakes, pycodestyle, bugbear)
	$(BIN)/python -m ruff check pipeline bench tests

clean: ## remove the venv, the caches and build files (outputs/ is committed and kept)
	rm -rf $(VENV) .annalist-cache .pytest_cache .hypothesis .ruff_cache build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
