# Two commands on a fresh machine: `make site` (the main job) and `make test` (every test).
# Both first install the system packages that are missing (see `make setup`).

SWIFT ?= swift
LITMUS := .build/release/litmus
APT_PACKAGES := libopenblas-dev liblapacke-dev libcmark-dev libpng-dev zlib1g-dev libssl-dev \
  libfreetype-dev fonts-dejavu-core dataset-fashion-mnist libjs-katex fonts-katex
NOTEBOOKS := $(wildcard notebooks/*.md)

.PHONY: site reproduce test check-notebooks check-site setup build bench lint format clean

## site: runs every notebook whose result is not cached (full params) and writes site/.
site: setup build
	$(LITMUS) render

## reproduce: re-runs every notebook with its full params, ignoring the cache, and writes site/.
reproduce: setup build
	$(LITMUS) render --no-cache

## test: release build, format lint, the Swift test suite, then a quick smoke run of every notebook.
test: setup build lint
	$(SWIFT) test
	$(MAKE) check-notebooks

## check-notebooks: `litmus check --quick` on every notebook (cells must run; claims shown, not enforced).
check-notebooks: build
	$(LITMUS) check --quick --no-build $(NOTEBOOKS)

## check-site: loads every page of site/ in headless Chromium (console errors, broken links), screenshots.
check-site:
	@.ci/setup chromium
	.ci/check-site site

## setup: installs the missing Debian packages (as root) or prints the one command to run.
setup:
	@.ci/setup $(APT_PACKAGES)

build:
	$(SWIFT) build -c release

## bench: engine benchmarks (see docs/performance.md).
bench: setup build
	$(SWIFT) run -c release litmus-bench fmnist-mlp

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build .litmus-cache
