# TuneLab — the one entry point for building, serving and testing.
#
#   make serve   build the wasm and serve the page at http://127.0.0.1:8000/
#   make test    everything a reviewer runs (what .ci/run calls)
#
# Other targets: setup, wasm, dist, bench, fixtures, clean, help.
# Every target installs what it needs on a fresh Debian 12 machine (rustup Rust, Node 20,
# Python 3 with pip) and does no setup work when it is already there.
# The comment above each target says why its steps are done the way they are.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

export PATH := $(HOME)/.cargo/bin:$(PATH)

CARGO       ?= cargo
PYTHON      ?= python3
NODE        ?= node
PORT        ?= 8000
WASM_TARGET := wasm32-unknown-unknown
CRATE       := tunelab
TARGET_DIR  := $(or $(CARGO_TARGET_DIR),target)
# The wasm build's own profile (Cargo.toml): opt-level "s"; the native release is opt-level 3.
RAW_WASM    := $(TARGET_DIR)/$(WASM_TARGET)/wasm-release/$(CRATE).wasm
PKG         := www/pkg
PKG_WASM    := $(PKG)/$(CRATE)_bg.wasm
# The build without SIMD, for engines that lack it (see `wasm`).
SCALAR_DIR  := $(TARGET_DIR)/scalar
RAW_SCALAR  := $(SCALAR_DIR)/$(WASM_TARGET)/wasm-release/$(CRATE).wasm
PKG_SCALAR  := $(PKG)/$(CRATE)_scalar_bg.wasm
# Always the npm binaryen in tools/, never Debian's (wasm-opt 108 breaks the module).
WASM_OPT    := tools/node_modules/.bin/wasm-opt
# -Oz, and no inlining of functions called from one place only (each such inline
# copies a generic's body into its one caller; 37 KB gzipped less, speed within
# noise); the wasm reads no memory below address 1024 (the stack and data start above).
WASM_OPT_FLAGS := -Oz --one-caller-inline-max-function-size=0 --low-memory-unused
TOOLS_STAMP := tools/node_modules/.installed
CHROMIUM    := /usr/bin/chromium
CHROMEDRIVER:= /usr/bin/chromedriver
# The font the native chart tests draw text with (the browser uses its own).
DEJAVU      := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# The wasm-bindgen crate version pinned in Cargo.lock; the CLI must match it exactly.
BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
# Integration tests that hold #[wasm_bindgen_test]s (tests/web.rs and any other).
WASM_TESTS   = $(sort $(basename $(notdir $(shell grep -l 'wasm_bindgen_test' tests/*.rs 2>/dev/null))))

.PHONY: help setup setup-rust setup-tools setup-browser wasm serve dist test test-rust \
        test-wasm test-js test-e2e bench fixtures clean

help:
	@echo "make serve     build the wasm and serve the page at http://127.0.0.1:$(PORT)/"
	@echo "make test      JS unit tests, fmt, clippy (native + wasm32), rustdoc, cargo test, wasm binding tests, browser tests"
	@echo "make setup     install the toolchain: wasm32 target, wasm-bindgen-cli, tools/ (wasm-opt, esbuild, playwright-core), chromium"
	@echo "make wasm      build www/pkg: the core with and without WebAssembly SIMD (cargo --profile wasm-release, wasm-bindgen --target web, wasm-opt -Oz)"
	@echo "make dist      dist/index.html + dist/www/ and the one-file dist/tunelab.html (works from file://)"
	@echo "make bench     criterion benchmarks, scikit-learn's timings, the browser benchmark, and the page, CLI and scikit-learn on one grid in turn"
	@echo "make fixtures  install scripts/requirements.txt (scikit-learn) for regenerating reference data"
	@echo "make clean     remove target/, www/pkg, dist/ and screenshots"

# ------------------------------------------------------------------------------ setup

setup: setup-rust setup-tools setup-browser

Cargo.lock:
	$(CARGO) generate-lockfile

# wasm32 target + wasm-bindgen-cli at exactly the Cargo.lock version (brings
# wasm-bindgen-test-runner too). Without --locked: its lock file names a crate version
# the registry here lacks.
setup-rust: Cargo.lock
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@want='$(BINDGEN_VERSION)'; \
	if [ -z "$$want" ]; then echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; fi; \
	have=$$( (wasm-bindgen --version 2>/dev/null || true) | awk '{print $$2}'); \
	if [ "$$have" != "$$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then \
	  echo "installing wasm-bindgen-cli $$want (have: $${have:-none}; ~4 min, once)"; \
	  $(CARGO) install --force wasm-bindgen-cli --version "$$want"; \
	fi

# wasm-opt (npm binaryen), esbuild (the one-file page) and playwright-core, exactly as in
# tools/package-lock.json.
setup-tools: $(TOOLS_STAMP)
$(TOOLS_STAMP): tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium for the browser tests (playwright-core never downloads one) and its
# chromedriver for wasm-bindgen-test-runner's run_in_browser tests; DejaVu for the native chart tests.
setup-browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ] || [ ! -f $(DEJAVU) ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-dejavu-core; \
	fi

# The pinned scikit-learn (scripts/requirements.txt): for regenerating fixtures, the
# scikit-learn benchmark, and tests/export.rs, which runs an exported script with it.
SKLEARN_VERSION = $(shell sed -n 's/^scikit-learn==//p' scripts/requirements.txt)
fixtures:
	@$(PYTHON) -c 'import sys, sklearn, threadpoolctl; sys.exit(sklearn.__version__ != "$(SKLEARN_VERSION)")' 2>/dev/null \
	  || $(PYTHON) -m pip install -r scripts/requirements.txt

# ------------------------------------------------------------------------------ build

# Two builds of the crate: with WebAssembly SIMD (.cargo/config.toml's +simd128) and,
# for engines without it (Safari before 16.4), without: RUSTFLAGS, when set, replaces
# the config's flags; the scalar build has a target folder of its own, so that neither
# rebuilds the other's dependencies. The page picks one at start (www/wasm-flavour.js);
# both take the same JS glue, which is checked here.
# cargo decides whether the crates are rebuilt; bindgen + wasm-opt run only when one
# was, into a scratch folder that replaces www/pkg only once every step has succeeded.
wasm: setup-rust setup-tools
	$(CARGO) build --lib --profile wasm-release --target $(WASM_TARGET)
	RUSTFLAGS= $(CARGO) build --lib --profile wasm-release --target $(WASM_TARGET) --target-dir $(SCALAR_DIR)
	@if [ ! -f $(PKG_WASM) ] || [ ! -f $(PKG_SCALAR) ] || [ $(RAW_WASM) -nt $(PKG_WASM) ] || [ $(RAW_SCALAR) -nt $(PKG_SCALAR) ]; then \
	  rm -rf $(PKG).new $(PKG).scalar; \
	  echo "wasm-bindgen --target web --out-dir $(PKG) $(RAW_WASM) (and $(RAW_SCALAR))"; \
	  wasm-bindgen --target web --out-dir $(PKG).new $(RAW_WASM); \
	  wasm-bindgen --target web --out-dir $(PKG).scalar $(RAW_SCALAR); \
	  if ! cmp -s $(PKG).new/$(CRATE).js $(PKG).scalar/$(CRATE).js; then \
	    echo "the SIMD and scalar builds need different JS glue" >&2; exit 1; fi; \
	  echo "$(WASM_OPT) $(WASM_OPT_FLAGS) $(PKG_WASM) (and $(PKG_SCALAR))"; \
	  $(WASM_OPT) $(WASM_OPT_FLAGS) $(PKG).new/$(CRATE)_bg.wasm -o $(PKG).new/$(CRATE)_bg.wasm; \
	  $(WASM_OPT) $(WASM_OPT_FLAGS) $(PKG).scalar/$(CRATE)_bg.wasm -o $(PKG).new/$(CRATE)_scalar_bg.wasm; \
	  simd_features=$$($(WASM_OPT) --print-features $(PKG).new/$(CRATE)_bg.wasm 2>/dev/null); \
	  scalar_features=$$($(WASM_OPT) --print-features $(PKG).new/$(CRATE)_scalar_bg.wasm 2>/dev/null); \
	  if [[ "$$simd_features" != *--enable-simd* ]]; then echo "$(PKG_WASM) does not use SIMD" >&2; exit 1; fi; \
	  if [[ "$$scalar_features" == *simd* ]]; then echo "$(PKG_SCALAR) uses SIMD" >&2; exit 1; fi; \
	  rm -rf $(PKG) $(PKG).scalar; \
	  mv $(PKG).new $(PKG); \
	  touch $(PKG_WASM) $(PKG_SCALAR); \
	  for f in $(PKG_WASM) $(PKG_SCALAR); do \
	    printf '%s: %s bytes, %s gzipped\n' $$f $$(stat -c %s $$f) $$(gzip -9c $$f | wc -c); done; \
	else \
	  echo "$(PKG) is up to date"; \
	fi

serve: wasm
	@echo "TuneLab at http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	$(PYTHON) scripts/serve.py --port $(PORT) .

# dist/: the served site, self-contained, plus the one-file offline page (bundled by
# esbuild from tools/: scripts/build_single.mjs).
dist: wasm
	rm -rf dist
	mkdir -p dist
	cp index.html dist/
	cp -r www dist/www
	find dist/www -name '*.d.ts' -delete
	rm -f dist/www/pkg/.gitignore
	$(NODE) scripts/build_single.mjs . dist/tunelab.html

# ------------------------------------------------------------------------------ test

test: setup fixtures
	@$(MAKE) test-js
	@$(MAKE) test-rust
	@$(MAKE) test-wasm
	@$(MAKE) dist
	@$(MAKE) test-e2e

test-rust:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target $(WASM_TARGET) -- -D warnings
	RUSTDOCFLAGS='-D warnings' $(CARGO) doc --no-deps --quiet
	$(CARGO) test

# Runs whatever tests/*.rs hold #[wasm_bindgen_test]s: in Node, or in headless Chromium
# through chromedriver for those that say wasm_bindgen_test_configure!(run_in_browser).
# opt-level 1 for this build only (it touches only wasm32 test artifacts): unoptimised
# wasm ran tests/web.rs in 211 s, opt-level 1 in 4 s for ~35 s more compiling.
test-wasm: setup-rust setup-browser
	@if [ -z "$(WASM_TESTS)" ]; then echo "no wasm binding tests (no tests/*.rs uses wasm_bindgen_test)"; exit 0; fi; \
	CARGO_PROFILE_DEV_OPT_LEVEL=1 \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/tools/webdriver.json \
	CHROMEDRIVER=$(CHROMEDRIVER) \
	$(CARGO) test --target $(WASM_TARGET) $(addprefix --test ,$(WASM_TESTS))

# The page's pure modules (settings ↔ URL hash, config, the run's state machine) in
# Node, without a browser or the wasm build.
test-js:
	$(NODE) --test tests/unit/

# Browser tests against the built page (needs `make dist`; `make test` does it).
test-e2e: setup-tools setup-browser
	$(NODE) --test tests/e2e/

# ------------------------------------------------------------------------------ bench

# The same data for both sides: benches/search.rs builds each set in memory; the CLI
# writes exactly those sets for scikit-learn (pinned to one thread by the script).
BENCH_CSV  := target/synthetic_10000x50.csv
BENCH_REG  := target/synthetic_regression_10000x50.csv
BENCH_MOON := target/moons_200.csv

bench: setup fixtures
	$(CARGO) bench --bench search --bench views
	$(CARGO) run --release --quiet --bin tunelab -- synthetic --rows 10000 --features 50 --classes 3 --seed 0 --out $(BENCH_CSV)
	$(CARGO) run --release --quiet --bin tunelab -- synthetic --regression --rows 10000 --features 50 --seed 0 --out $(BENCH_REG)
	$(CARGO) run --release --quiet --bin tunelab -- synthetic --kind moons --seed 0 --out $(BENCH_MOON)
	$(PYTHON) scripts/bench_sklearn.py --csv $(BENCH_CSV) --regression-csv $(BENCH_REG) --moons-csv $(BENCH_MOON)
	@$(MAKE) dist
	$(NODE) tests/e2e/bench.mjs
	$(NODE) tests/e2e/bench.mjs --versus

clean:
	$(CARGO) clean
	rm -rf $(PKG) $(PKG).new $(PKG).scalar dist tests/e2e/screenshots
