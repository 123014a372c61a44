# inspectapp — the two commands: `make run` and `make test`.
# Both install what is missing: Debian packages (with apt-get when run as root, otherwise the
# exact command is printed), a virtualenv in .venv, the app with pinned dependencies, and the
# compiled translations.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
HOST   ?= 127.0.0.1
WORKERS ?= 2
# Debian packages: Chinese fonts for pages and PDFs, WeasyPrint's Pango, poppler (pdftoppm,
# pdftotext, pdffonts) and zbar for checking printed QR codes, Debian's chromium for browser tests,
# redis-server for the scale-out test (each test run starts its own private instance).
# libharfbuzz-subset0: WeasyPrint subsets fonts with HarfBuzz when it is installed (a page of Chinese
# takes 0.05 s instead of 12 s with the fontTools fallback).
DEB_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils zbar-tools chromium \
  redis-server

.PHONY: run test install system-deps translations fonts messages clean

run: install instance/config.py
	$(BIN)/flask --app inspectapp init-db
	$(BIN)/flask --app inspectapp seed-demo
	@echo ""
	@echo "inspectapp on http://$(HOST):$(PORT)/ — demo logins (password demo1234):"
	@echo "  admin (督查管理员), inspector / inspector2 (暗访人员), manager / manager2 (单位负责人), viewer (领导（只读）)"
	@echo ""
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - "inspectapp:create_app()"

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: system-deps $(VENV)/.installed translations fonts

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing Debian packages. Run:"; \
	    echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
	    exit 1; \
	  fi; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

# Compiled only when a catalog changed, so a second `make test` running beside the first (CI runs
# SQLite and PostgreSQL side by side) never rewrites a catalog the other is reading.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard inspectapp/translations/*/LC_MESSAGES/messages.po))
translations: $(MO_FILES)

inspectapp/translations/%/LC_MESSAGES/messages.mo: inspectapp/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	@$(BIN)/pybabel -q compile -f -i $< -o $@

# The PDF fonts, cut once from the system's Noto CJK fonts (GB 2312 ∪ 通用规范汉字表, TrueType outlines);
# skipped when the cuts are up to date. See inspectapp/officialdoc/fontcut.py.
fonts: $(VENV)/.installed
	@$(BIN)/python -m inspectapp.officialdoc.fontcut

# A local deployment config: a random secret key and the public address printed into QR codes.
instance/config.py:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print(f\"SECRET_KEY = '{secrets.token_hex(32)}'\"); print(\"PUBLIC_BASE_URL = 'http://$(HOST):$(PORT)'\")" > $@
	@echo "Wrote $@ (edit PUBLIC_BASE_URL before printing QR codes)."

# Extract new message ids and merge them into the zh_Hant and en catalogs.
# zh_Hant gaps are filled by OpenCC (s2t, a dev-time tool only); English is written by hand.
messages: $(VENV)/.installed
	@mkdir -p build
	$(BIN)/pybabel extract --ignore-dirs '.* build' -F babel.cfg -k _l -k N_ -k DomainError -k LoginFailed \
	  -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d inspectapp/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -m pip install -q opencc-python-reimplemented==0.1.7
	$(BIN)/python -m inspectapp.translations.fill_hant
	@$(BIN)/python -m inspectapp.translations.fill_hant --report-missing en

clean:
	rm -rf $(VENV) build .pytest_cache
