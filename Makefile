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
.PHONY: help env all test lab bench validate figures clean-env

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

all: $(STAMP) ## rerun the whole analysis on the bundled corpus (every notebook, figure, table)
	@$(PY) -m analysis run

test: $(STAMP) ## run the full test suite
	@$(PY) -m pytest -n 2 --dist loadfile -q

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project kernel
	@$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP) ## time every stage on a synthetic 1,000-document corpus (not part of the tests)
	@$(PY) benchmarks/run_benchmark.py --compare-pysbd

validate: $(STAMP) ## check the corpus
	@$(PY) -m analysis validate

figures: $(STAMP) ## regenerate figures and tables only
	@$(PY) -m analysis figures

clean-env: ## remove the environment
	rm -rf $(VENV)
