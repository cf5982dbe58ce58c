# Fleetbreaker: the entry points for people and CI.
#   make build   dashboard (npm ci + build), then every Maven module; the gateway jar embeds the dashboard
#   make demo    a local fleet (memcached, 3 gateways, Caddy on https://localhost:8443) and the first-issue story;
#                DEMO_EXIT=1 make demo exits after the story with its verdict
#   make test    every test: dashboard unit tests, Maven unit + integration tests (real memcached), browser e2e
#   make bench   benchmarks vs Resilience4j on real memcached, quick (< 10 min); BENCH_MODE=full for the published table
#   make deps    system tools (memcached caddy chromium wrk): installed with apt as root, else listed
#   make clean   build outputs and .run/
SHELL := /bin/bash
.DEFAULT_GOAL := help
MVN ?= mvn
# No ANSI colour codes in make's output (the [0m resets Maven's jansi writes are also off: .mvn/jvm.config).
MVN_FLAGS := -B -Dstyle.color=never
NPM ?= npm

.PHONY: help build dashboard maven demo test bench deps clean

help:
	@sed -n 's/^#   make /  make /p' $(firstword $(MAKEFILE_LIST))

deps:
	@deploy/deps.sh memcached caddy chromium wrk

# The dashboard is built first so that packaging the gateway picks up dashboard/dist.
build: dashboard maven

dashboard:
	@if [[ -f dashboard/package.json ]]; then \
	  echo "== dashboard: npm ci && npm run build"; \
	  cd dashboard && $(NPM) ci --no-audit --no-fund && $(NPM) run build; \
	else echo "== dashboard: none"; fi

maven: dashboard
	@echo "== maven: install (tests skipped; make test runs them)"
	$(MVN) $(MVN_FLAGS) -q -DskipTests install

demo:
	@deploy/demo.sh

test:
	@bin/test-all

bench:
	$(MVN) $(MVN_FLAGS) -q -DskipTests -pl fleetbreaker-bench -am install
	java -cp fleetbreaker-bench/target/benchmarks.jar io.fleetbreaker.bench.BenchMain $${BENCH_MODE:-quick} \
	  --out fleetbreaker-bench/target/bench-results.md

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf dashboard/dist .run
