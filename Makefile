# Two commands: `make run` starts the kiosk, `make test` runs the whole suite.
# Both install what they need: Debian packages (when missing), a .venv, the UI catalogs.

VENV        := .venv
PYTHON      := $(VENV)/bin/python
APT_PACKAGES := xvfb xauth libgl1 libgl1-mesa-dri libmtdev1 espeak-ng libjemalloc2 git
TEST_APT_PACKAGES := nginx chromium
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CATALOGS    := $(patsubst %.po,%.mo,$(wildcard kiosk/locale/*/LC_MESSAGES/kiosk.po))
EDITOR_CATALOGS := $(patsubst %.po,%.mo,$(wildcard kiosk/editor/translations/*/LC_MESSAGES/editor.po))

.PHONY: run test editor setup setup-test system system-test catalogs messages lint preview fonts demo clean

run: setup
	@$(PYTHON) -m compileall -q kiosk >/dev/null  # bytecode now, not at every start (~30 ms)
	@$(VENV)/bin/kiosk run; status=$$?; \
	if [ $$status -eq 3 ]; then exit 0; else exit $$status; fi

test: setup-test
	$(VENV)/bin/ruff check kiosk tests bench tools
	$(PYTHON) -m pytest

setup: system $(VENV)/.installed catalogs

setup-test: setup system-test $(VENV)/.installed-test

system: PACKAGES = $(APT_PACKAGES)
system-test: PACKAGES = $(TEST_APT_PACKAGES)
system system-test:
	@missing=""; for package in $(PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml package.json
	$(PYTHON) -m pip install -q -e '.[test]'
	npm install --no-audit --no-fund --silent
	touch $@

# Compiled UI catalogs (.mo) are built here, never committed.
catalogs: $(CATALOGS) $(EDITOR_CATALOGS)

kiosk/locale/%/LC_MESSAGES/kiosk.mo: kiosk/locale/%/LC_MESSAGES/kiosk.po $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -D kiosk -i $< -o $@

kiosk/editor/translations/%/LC_MESSAGES/editor.mo: kiosk/editor/translations/%/LC_MESSAGES/editor.po $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -D editor -i $< -o $@

# The office's editor on the shipped content, at http://127.0.0.1:8090/ (docs/editor.md). The first run makes
# keys and a first feed in .editor/ and the admin account "admin" (password asked, or $$KIOSK_EDITOR_PASSWORD).
editor: setup $(VENV)/.installed-editor
	@options=$$($(PYTHON) -m kiosk.editor.demo .editor content) && \
	$(VENV)/bin/kiosk editor --content content --data .editor $$options --first-admin admin

$(VENV)/.installed-editor: $(VENV)/.installed pyproject.toml
	$(PYTHON) -m pip install -q -e '.[editor]'
	touch $@

# For translators: refresh the template and every catalog after changing UI strings.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k tr -k N_ --no-location --sort-output \
		--project=infopoint-flensburg --copyright-holder="Stadt Flensburg" -o kiosk/locale/kiosk.pot .
	$(VENV)/bin/pybabel -q update --no-fuzzy-matching -D kiosk -i kiosk/locale/kiosk.pot -d kiosk/locale
	$(PYTHON) tools/revive_translations.py kiosk/locale/*/LC_MESSAGES/kiosk.po

lint: setup-test
	$(VENV)/bin/ruff check kiosk tests bench tools

preview: setup
	mkdir -p out
	for screen in attract home list detail; do \
		$(VENV)/bin/kiosk preview --screen $$screen --out out/$$screen.png --texts out/$$screen.json; \
	done

# Rebuild the merged kiosk font from Debian's Noto fonts (the result is committed).
fonts: $(VENV)/.installed
	@dpkg -s fonts-noto-core >/dev/null 2>&1 || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core
	$(PYTHON) -m pip install -q -e '.[fonts]'
	$(PYTHON) tools/build_fonts.py

# The whole chain on one machine: keys, a signed feed of content/, the embedded server, a kiosk syncing from it.
demo: setup
	@test -f .demo/keys/root.pem || $(VENV)/bin/kiosk keygen --out .demo/keys
	$(VENV)/bin/kiosk publish content --keys .demo/keys --out .demo/feed
	@printf 'kiosk_id: demo\nfullscreen: false\nfeed:\n  url: http://127.0.0.1:8080\n  trust: .demo/feed/metadata/1.root.json\n  data: .demo/data\n  interval: 10\n' > .demo/kiosk.yaml
	@$(VENV)/bin/kiosk serve .demo/feed --port 8080 & server=$$!; \
	$(VENV)/bin/kiosk run --config .demo/kiosk.yaml; status=$$?; kill $$server; \
	if [ $$status -eq 3 ]; then exit 0; else exit $$status; fi

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache $(CATALOGS) $(EDITOR_CATALOGS)
