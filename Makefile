# Two commands on a fresh machine: `make site` (the main job) and `make test` (every test).
# Both first install the system packages that are missing (see `make setup`).

SWIFT ?= swift
APT_PACKAGES := libopenblas-dev liblapacke-dev libcmark-dev libpng-dev zlib1g-dev libssl-dev \
  libfreetype-dev fonts-dejavu-core dataset-fashion-mnist libjs-katex fonts-katex

.PHONY: site test setup build bench lint format clean

## site: until the notebook runner lands, trains the Fashion-MNIST example and prints its accuracy.
site: setup build
	$(SWIFT) run -c release litmus-bench fmnist-mlp

## test: builds in release mode, checks formatting, then runs the whole test suite.
test: setup build lint
	$(SWIFT) test

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
	rm -rf .build
