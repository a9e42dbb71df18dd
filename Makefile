# wangjian (网监): the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export WANGJIAN_BASE_DIR ?= $(CURDIR)
DEMO_BIND ?= 127.0.0.1:8000
# `make install EXTRAS=dev` skips PySpark (only the Spark scan engine needs it).
EXTRAS ?= dev,spark

.PHONY: install demo test test-postgres lint format bench browser-deps messages vendor clean

# The virtualenv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/wangjian init-env
	$(BIN)/wangjian manage migrate --noinput
	$(BIN)/wangjian demo load
	@echo
	@echo "网监 wangjian: http://$(DEMO_BIND)/  (Ctrl-C 停止 / to stop)"
	@$(BIN)/wangjian worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/wangjian serve --bind $(DEMO_BIND)

# Browser tests drive Debian's Chromium; fonts-noto-cjk renders Chinese in pages and PDFs;
# pdftotext (poppler-utils) reads generated PDFs back in the document tests.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
	    || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk poppler-utils; \
	  else \
	    echo "需要 Debian 软件包 chromium、fonts-noto-cjk 和 poppler-utils / install Debian packages chromium fonts-noto-cjk poppler-utils"; exit 1; \
	  fi; \
	fi

test: install browser-deps
	$(BIN)/python -m pytest

test-postgres: install browser-deps
	WANGJIAN_DATABASE_URL=$${WANGJIAN_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	WANGJIAN_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	WANGJIAN_DEBUG=1 $(BIN)/python manage.py check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@for script in bench/*_bench.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Regenerate the English catalogue (msgids are Chinese, the primary language). Needs gettext.
messages: install
	cd wangjian && WANGJIAN_DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete
	cd wangjian && WANGJIAN_DEBUG=1 ../$(BIN)/python ../manage.py compilemessages -l en

# Refresh vendored front-end files from the npm registry (versions pinned in package.json).
vendor:
	npm install --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js wangjian/core/static/wangjian/vendor/htmx.min.js

clean:
	rm -rf $(VENV) var/static .pytest_cache
