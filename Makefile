# gigs-to-growth — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Keep matplotlib, IPython, Jupyter and XDG state inside the repository, never in $HOME.
STATE := $(CURDIR)/.cache
export MPLCONFIGDIR := $(STATE)/matplotlib
export IPYTHONDIR := $(STATE)/ipython
export JUPYTER_CONFIG_DIR := $(STATE)/jupyter/config
export JUPYTER_DATA_DIR := $(STATE)/jupyter/data
export JUPYTER_RUNTIME_DIR := $(STATE)/jupyter/runtime
export JUPYTER_PLATFORM_DIRS := 1
export XDG_CACHE_HOME := $(STATE)/xdg/cache
export XDG_CONFIG_HOME := $(STATE)/xdg/config
export XDG_DATA_HOME := $(STATE)/xdg/data
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PYTHONHASHSEED := 0
# One BLAS thread: on 2 shared cores, threaded BLAS made a SARIMA fit ~7x slower (13 s vs 1.9 s).
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
CODE ?= 0
PARAMS ?=
# PARAMS reach the command through the environment, never through the shell: quotes, ; and $(…) in them
# stay text ($(value …) and unexport keep make from expanding them when it passes them on).
export GIGS_PARAMS := $(value PARAMS)
unexport PARAMS
FRESH ?= 0
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: help venv curated data snapshot report notebooks lint format test lab explore bench clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' Makefile | sed -E 's/:.*## /\t/' | expand -t 14

$(STAMP): pyproject.toml requirements.lock
	@echo "==> creating $(VENV) from pyproject.toml + requirements.lock"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@mkdir -p $(MPLCONFIGDIR) $(IPYTHONDIR) $(JUPYTER_CONFIG_DIR) $(JUPYTER_DATA_DIR)
	@mkdir -p -m 700 $(JUPYTER_RUNTIME_DIR) && chmod 700 $(JUPYTER_RUNTIME_DIR)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)
	@echo "==> $(VENV) ready"

venv: $(STAMP) ## create or refresh the virtual environment (skipped when up to date)

snapshot: $(STAMP) ## re-snapshot data/raw from the offline mirror (MIRROR=../shared/data/upstream)
	$(PY) -m analysis snapshot --mirror $(or $(MIRROR),../shared/data/upstream)

curated: $(STAMP) ## after editing a curated table in data/raw: re-record its checksum in sources.yml
	$(PY) -m analysis record-curated

data: $(STAMP) ## build data/processed from the committed snapshot in data/raw
	$(PY) -m analysis build

notebooks: $(STAMP) ## re-execute the notebooks in place (their outputs are committed; NB="04_growth_scenarios" for some)
	$(PY) -m analysis notebooks $(NB)

report: $(STAMP) ## main job: reports/*.html, re-executing only changed notebooks (FRESH=1 all, JOBS=N, CODE=1, PARAMS='countries=["PAK","LKA"]')
	$(PY) -m analysis report --jobs $(JOBS) $(if $(filter 1,$(FRESH)),--fresh) $(if $(filter 1,$(CODE)),--code)

lint: $(STAMP) ## ruff (lint + format check) and the import contracts of the layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP) ## format the library, tests and benchmarks with ruff (notebooks: jupytext twins)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint ## all tests: lint and import contracts, unit, data, strict nbval over every notebook, papermill runs, browser test
	$(PY) -m pytest -q --basetemp=$(STATE)/pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

lab: $(STAMP) ## JupyterLab on 127.0.0.1 (token required) on scratch/, a git-ignored copy of the notebooks
	@mkdir -p -m 700 $(JUPYTER_RUNTIME_DIR) && chmod 700 $(JUPYTER_RUNTIME_DIR)
	@mkdir -p scratch $(VENV)/share/jupyter/lab/settings && cp -n notebooks/[0-9][0-9]_*.ipynb scratch/
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $(VENV)/share/jupyter/lab/settings/overrides.json
	@echo "==> scratch/ holds your copies (edit freely; existing copies are kept); the committed notebooks change only through 'make notebooks'"
	$(PY) -m jupyter lab --ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root) --notebook-dir=scratch

bench: $(STAMP) ## benchmarks: ratios side by side, table + JSON in bench-results/
	$(PY) -m benchmarks.bench

explore: $(STAMP) ## the "what if" explorer: a Voilà app on 127.0.0.1 (token required) with sliders for levers and drivers
	@install -d -m 700 $(JUPYTER_RUNTIME_DIR)
	@echo "==> open the address printed below (it carries the token); the explorer never changes the committed notebooks"
	$(PY) -m voila explorer/what_if.ipynb --Voila.ip=127.0.0.1 --port=$(or $(PORT),8866) --no-browser --token --Voila.connection_dir_root=$(JUPYTER_RUNTIME_DIR)

clean: ## remove the venv, caches and reports (not data)
	rm -rf $(VENV) $(STATE) reports
