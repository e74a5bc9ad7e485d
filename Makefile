# Every task of the project, for people and CI alike. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE ?= site
PORT ?= 8000
ONLY ?=
# The stamp changes whenever the pinned requirements or the system package list change.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt scripts/debian-packages.txt | sha256sum | cut -c1-12)
# The npm packages (the HTML validator) have their own stamp: a new lock does not rebuild .venv.
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | sha256sum | cut -c1-12)

.PHONY: help install build serve check test lint lock translation-status clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'
	@echo "  Variables: SITE=dir (check another tree), ONLY=code (serve English + one language), PORT=8000"

install: $(STAMP) $(NODE_STAMP) ## Install Debian packages (fonts, browser, Java), the pinned Python packages into .venv and the npm packages into node_modules

$(STAMP): requirements.txt scripts/debian-packages.txt scripts/install-system.sh
	scripts/install-system.sh
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "error: Python 3.11 is needed; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	@# pymdown-extensions 13 asks for Python >= 3.11.5; Debian 12 ships 3.11.2, which runs it.
	$(PY) -m pip install --quiet --disable-pip-version-check \
	  $$($(PY) -c 'import sys; print("" if sys.version_info >= (3, 11, 5) else "--ignore-requires-python")') \
	  -r requirements.txt
	touch $@

# The HTML validator (vnu-jar) runs on Debian's Java: no install script, so nothing else is downloaded.
$(NODE_STAMP): package.json package-lock.json $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

build: install ## Build the complete site into site/ (all languages)
	$(PY) -m scripts build

serve: install ## Preview on http://127.0.0.1:8000 (.preview/): an edit shows in about a second (ONLY=fr: English + French)
	$(PY) -m scripts serve --port $(PORT) $(if $(ONLY),--only $(ONLY))

check: install ## Run every check on the sources and on the built site (SITE=dir for another tree)
	$(PY) -m ruff check scripts overrides tests
	$(PY) -m ruff format --check scripts overrides tests
	$(PY) -m scripts check --site $(SITE)

test: install build ## Install, build, then run every test and every check (the tests reuse site/; the whole-site gates run once, in check)
	@# The tests (two workers) and the checks run at the same time: each alone leaves a core idle
	@# part of the time. The checks' output is shown once they end (reports/check.log).
	@mkdir -p reports
	@$(MAKE) --no-print-directory check > reports/check.log 2>&1 & checks=$$!; \
	$(PY) -m pytest -n 2 --dist loadfile --durations=15; tests=$$?; \
	wait $$checks; status=$$?; \
	echo "== make check (reports/check.log) =="; cat reports/check.log; \
	[ $$tests -eq 0 ] || echo "make test: the tests failed (exit $$tests)" >&2; \
	[ $$status -eq 0 ] || echo "make test: the checks failed (exit $$status)" >&2; \
	[ $$tests -eq 0 ] && [ $$status -eq 0 ]

translation-status: install ## Table of translated, reviewed, machine, outdated and missing pages per language
	$(PY) -m scripts translation status

lint: install ## Fix what ruff can fix in the project's code
	$(PY) -m ruff check --fix scripts overrides tests
	$(PY) -m ruff format scripts overrides tests

lock: ## Recompile requirements.txt from requirements.in (needs the network)
	$(PY) -m uv pip compile requirements.in -o requirements.txt --python-version 3.11.5 --no-header

clean: ## Remove the built site, reports and caches (keeps .venv)
	rm -rf site .preview reports .cache .site.build-* .pytest_cache .ruff_cache
