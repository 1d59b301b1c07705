# revpack: `make pack` builds the default pack, `make test` runs the tests.
# Both create .venv and install what they need, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PACK   ?= gcse-stalin-ussr
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: pack packs test fuzz system-tools bench clean docs-images

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(PIP) -e '.[test]'
	touch $@

## pack: build the default pack into build/<pack>/
pack: $(VENV)/.runtime
	$(VENV)/bin/revpack build $(PACK)

## packs: build every pack under packs/
packs: $(VENV)/.runtime
	@for p in packs/*/; do $(VENV)/bin/revpack build -q $$p || exit 1; done

## test: install the test extras and the PDF tools, then run the tests
test: $(VENV)/.test system-tools
	$(PY) -m pytest
	sh tests/check_pdfs.sh $(VENV)/bin/revpack

## fuzz: 10,000 generated topics (any Unicode, a theme each) through the loader, the glyph check and every view
## (tests/test_fuzz.py); REVPACK_FUZZ_EXAMPLES=N for a shorter or longer run
fuzz: $(VENV)/.test
	REVPACK_FUZZ_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics  # REVPACK_FUZZ_COMMANDS: examples of the whole-command tests (options, odd pack folders run as nobody; default 200)

# poppler-utils (pdftoppm, pdffonts, pdftotext) and qpdf check our PDFs in the tests.
system-tools:
	@if ! command -v pdffonts >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils qpdf >/dev/null; \
	fi

$(VENV)/.bench: $(VENV)/.runtime
	$(PIP) -e '.[bench]'
	touch $@

## bench: time builds of synthetic packs (10-1000 topics) beside Typst and platypus; writes build/bench.json
bench: $(VENV)/.bench
	$(PY) tests/bench/run.py

## docs-images: the README's pictures, docs/<view>.png, one real topic of each view
docs-images: $(VENV)/.runtime
	$(PY) -m revpack.preview $(PACK)

clean:
	rm -rf build
