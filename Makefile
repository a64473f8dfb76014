# The course's commands. `make book` and `make test` are all a newcomer needs:
# both create the environment in .venv/ on first use.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# $(call pip,VENV) is that environment's pip; the one pip command of every environment here.
pip = $(1)/bin/python -m pip --disable-pip-version-check --quiet
PIP    := $(call pip,$(VENV))
# Re-install whenever a pin changes; the stamp records the last install.
ENV_STAMP := $(VENV)/.installed
PINS := requirements.txt requirements-mxnet.txt constraints.txt pyproject.toml
PORT ?= 8000
JOBS ?= 2

.PHONY: help env book live html node-packages chromium test-browser test lint doctest test-unit test-js test-notebooks test-colab test-widget-state test-portable lab-env test-frontends record translate test-translations lock bench clean

# `make help` lists every target a person runs: the "##" text beside each, under the
# "##@" group above it.
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^##@ / {printf "\n%s\n", substr($$0, 5)} \
	  /^[a-z-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

##@ Read the book

book: html ## build the book and serve it at http://localhost:8000 (PORT=...; 中文: /zh/)
	@echo "The book is at http://localhost:$(PORT)/, in Chinese at http://localhost:$(PORT)/zh/ (Ctrl-C stops the server)"
	$(PY) -m book.serve $(PORT) --bind 127.0.0.1 --directory _build/html

# The book served from _build/live/html, rebuilt when a source is saved; open pages reload
# themselves (sphinx-autobuild; book/live.py).
live: env node-packages ## serve the book, rebuild it on save, reload the open page
	$(PY) -m book.live --port $(PORT)

##@ Set up

env: $(ENV_STAMP) ## create .venv (both frameworks, the package, the tools) or update it

$(ENV_STAMP): $(PINS)
	@test -x $(PY) || { echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	$(PIP) install -r requirements.txt -c constraints.txt
	$(PIP) install --no-deps -r requirements-mxnet.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

# The English book into _build/html, then the Chinese one (zh/, a book of its own with
# Sphinx's language zh_CN: book/editions.py) into _build/zh/_build/html, copied to
# _build/html/zh. Each keeps its own doctrees, so both rebuild incrementally, and neither
# build touches the other's pages.
ZH_BUILD := _build/zh/_build/html
html: env node-packages ## build both editions into _build/html (warnings are errors)
	$(VENV)/bin/jupyter-book build . --path-output . -W -n --keep-going
	$(VENV)/bin/jupyter-book build zh --path-output _build/zh -W -n --keep-going
	rm -rf _build/html/zh && cp -a $(ZH_BUILD) _build/html/zh

# Front-end files the pages serve themselves (versions pinned in package-lock.json).
# `npm ci` runs only when node_modules/ is missing or the lock file changed.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

node-packages: $(NPM_STAMP) env ## npm ci from package-lock.json, checked (book/node_packages.py)
	$(PY) -m book.node_packages

# The browser for test-browser: Debian's Chromium (Playwright's own download needs the internet).
chromium: ## install Debian's Chromium for the browser tests (as root)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi; }

##@ Check

test: lint test-translations doctest test-unit test-js test-notebooks test-widget-state test-portable test-colab test-browser test-frontends ## run every check (what CI runs)

# ruff on the Python code and the notebooks' code cells (pyproject.toml), actionlint with
# shellcheck on .github/workflows/.
lint: env ## ruff and actionlint
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/actionlint -no-color -shellcheck=$(VENV)/bin/shellcheck -pyflakes=

# The docstring examples of d2l_utils; mxnet.py and tensorflow.py import their framework,
# and conftest.py fails a doctest run that imports one.
doctest: env ## the docstring examples of d2l_utils (and of tools/cpu_variants.py)
	$(PY) -m pytest --doctest-modules d2l_utils tools/cpu_variants.py -q -n 0 \
	  --ignore=d2l_utils/mxnet.py --ignore=d2l_utils/tensorflow.py

# node_modules (MathJax, for the scratch book build) and .venv-lab (nbconvert, for the
# static-export test) first: without them those tests skip, and a fresh clone would
# report them passed unrun.
test-unit: env $(NPM_STAMP) lab-env ## the unit tests (tests/, browser tests left out)
	$(PY) -m pytest tests -q -n $(JOBS)

# Both editions' notebooks: chapters/ and the Chinese ones in zh/chapters/.
EDITION_CHAPTERS := chapters zh/chapters

test-notebooks: env ## nbval: every notebook of both editions against its outputs
	$(PY) -m pytest --nbval $(EDITION_CHAPTERS) -q -n $(JOBS) --dist loadscope

# Every output and widget state stored in each notebook (the widgets are what the book
# draws) against a fresh run, to the byte.
test-widget-state: env ## every stored output and widget state against a fresh run
	$(PY) -m tools.record --check --jobs $(JOBS) $(EDITION_CHAPTERS)

# The same on machines unlike this one (tools/cpu_variants.py: lower instruction sets,
# older BLAS cores, oneDNN off, 1 and 4 threads). The English notebooks suffice: the
# Chinese ones run the same code (tests/test_zh_edition.py compares their outputs).
test-portable: env ## the same under the CPU variants (other machines)
	$(PY) -m tools.record --check --variant all --jobs $(JOBS) chapters

# Opens every page of the built book, both editions, in Chromium, offline
# (tests/browser/test_book.py), and holds each chapter page of both to its budgets: bytes,
# Lighthouse accessibility and best practices (tests/browser/test_budgets.py). Each test file runs
# whole in one of $(JOBS) workers, with its own server and browser (289 s -> 208 s on 2 cores).
test-browser: html chromium ## the built book and the widgets' pages in Chromium, offline
	$(PY) -m pytest tests/browser -m browser -q -n $(JOBS) --dist loadfile

# JupyterLab and Notebook 7 for the live front-end test, in their own environment;
# the notebooks' kernel is .venv's Python (tests/browser/test_frontends.py registers it).
LAB_VENV := .venv-lab
$(LAB_VENV)/.installed: requirements-frontends.txt constraints-frontends.txt
	@test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(call pip,$(LAB_VENV)) install -r requirements-frontends.txt -c constraints-frontends.txt
	@touch $@

lab-env: $(LAB_VENV)/.installed ## create .venv-lab (JupyterLab, Notebook 7) for test-frontends

# Every chapter run through the JupyterLab and Notebook 7 interfaces in Chromium. With
# --dist load each worker starts its own server and browser (120 s -> 93 s on 2 cores).
test-frontends: env lab-env chromium ## every chapter in live JupyterLab and Notebook 7
	$(PY) -m pytest tests/browser/test_frontends.py -m frontends -q -n $(JOBS) --dist load

# The widgets' JavaScript: Node tests of its pure functions, then tsc checks the JSDoc
# types of the modules (d2l_utils/widgets/tsconfig.json; typescript pinned in package.json).
test-js: $(NPM_STAMP) ## the widgets' JavaScript: node --test, then tsc
	node --test tests/js/
	node_modules/.bin/tsc -p d2l_utils/widgets

# The Colab-like regression: Python 3.13 and Colab's versions (requirements-colab.txt),
# MXNet and d2l_utils installed the way the notebooks' Colab cell installs them.
COLAB_VENV := .venv-colab
COLAB_PYTHON ?= $(shell p=$$(pyenv prefix "$$(pyenv latest 3.13 2>/dev/null)" 2>/dev/null) \
	&& "$$p/bin/python3" --version >/dev/null 2>&1 && echo "$$p/bin/python3" \
	|| { python3.13 --version >/dev/null 2>&1 && command -v python3.13; })

$(COLAB_VENV)/.installed: requirements-colab.txt requirements-mxnet.txt pyproject.toml $(wildcard d2l_utils/*.py d2l_utils/widgets/*)
	@test -x $(COLAB_VENV)/bin/python || $(COLAB_PYTHON) -m venv $(COLAB_VENV)
	$(call pip,$(COLAB_VENV)) install -r requirements-colab.txt
	$(call pip,$(COLAB_VENV)) install --no-deps -r requirements-mxnet.txt
	$(call pip,$(COLAB_VENV)) install --no-deps --no-build-isolation --force-reinstall .
	@touch $@

test-colab: ## nbval in a Colab-like Python 3.13 environment (.venv-colab)
	@if [ -z "$(COLAB_PYTHON)" ]; then \
	  echo "SKIPPED test-colab: this machine has no Python 3.13 (pyenv or python3.13); set COLAB_PYTHON=/path/to/python3.13"; \
	else \
	  $(MAKE) --no-print-directory $(COLAB_VENV)/.installed COLAB_PYTHON=$(COLAB_PYTHON) && \
	  echo "Colab-like regression with $$($(COLAB_VENV)/bin/python --version)" && \
	  $(COLAB_VENV)/bin/python -m pytest --nbval $(EDITION_CHAPTERS) -q -n $(JOBS) --dist loadscope; \
	fi

##@ Change the course

# NB=path/to/one.ipynb records just that notebook. A notebook is written only when it
# also runs the same under every CPU variant (tools/cpu_variants.py).
record: env ## re-run the notebooks and store their outputs (NB=one.ipynb for one)
	$(PY) -m tools.record --jobs $(JOBS) $(or $(NB),$(EDITION_CHAPTERS))

# The Chinese edition from the English sources and translations/zh/ (tools/translate.py),
# and its _config.yml and _toc.yml from the English ones (book/editions.py).
translate: env ## write the Chinese edition (zh/) from translations/zh/
	$(PY) -m tools.translate && $(PY) -m book.editions

# Fails, naming the cell, when a translation is stale or missing, or when anything in zh/
# is not what `make translate` writes.
test-translations: env ## fail on a stale translation or a zh/ file make translate would change
	$(PY) -m tools.translate --check && $(PY) -m book.editions --check

lock: env ## refresh constraints.txt after a deliberate upgrade
	{ head -n 2 constraints.txt; $(PIP) freeze --all --exclude-editable \
	  | grep -viE '^(pip|wheel|mxnet)=='; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

# Medians of >= 3 runs of build, test, browser and cross-correlation figures against their
# targets; prints a table and writes _build/bench.json (tools/bench/__init__.py). Run after `make test`.
bench: env ## measure build, test, page and widget speed against the targets
	@test -f _build/html/intro.html || $(MAKE) --no-print-directory html
	$(PY) -m tools.bench

clean: ## remove _build and the test caches
	rm -rf _build .pytest_cache .hypothesis
