# One command per stage. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# This machine's pip configuration names local mirror directories that may not exist; hide only those warnings.
QUIET_PIP := 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := azir-discourse
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.DEFAULT_GOAL := help
.PHONY: help env all test browser lab bench validate figures report clean-env

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@echo ">> creating the environment in $(VENV)/ from requirements.lock"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock $(QUIET_PIP)
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . $(QUIET_PIP)
	@$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (azir-discourse)" \
		--env PYTHONHASHSEED 0 --env OMP_NUM_THREADS 1 --env OPENBLAS_NUM_THREADS 1 \
		--env MKL_NUM_THREADS 1 --env SOURCE_DATE_EPOCH 0 >/dev/null
	@touch $(STAMP)
	@echo ">> environment ready"

env: $(STAMP) ## create the environment (.venv/) if missing, from the pinned lock

all: $(STAMP) ## rerun the whole analysis on the bundled corpus (every notebook, figure, table, the HTML report)
	@$(PY) -m analysis run

test: $(STAMP) browser ## run the full test suite (installs headless Chromium for the browser tests if missing)
	@$(PY) -m pytest -n 2 --dist loadfile -q

browser: ## install headless Chromium (Debian package) if missing; the report's browser tests use it
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo ">> installing chromium (apt-get) for the browser tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
	      || echo ">> chromium could not be installed: the browser tests will say so"; \
	  else echo ">> no chromium and not root: install it (apt-get install chromium) to run the browser tests"; fi; }

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project kernel
	@$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP) ## time every stage on a synthetic 1,000-document corpus (not part of the tests)
	@$(PY) benchmarks/run_benchmark.py --compare-pysbd

validate: $(STAMP) ## check the corpus
	@$(PY) -m analysis validate

figures: $(STAMP) ## regenerate figures and tables only
	@$(PY) -m analysis figures

report: $(STAMP) ## rebuild the HTML report, notebook pages and term explorer from what is on disk
	@$(PY) -m analysis report

clean-env: ## remove the environment
	rm -rf $(VENV)
