# release-mirror — the two commands: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/debug/release-mirror

.PHONY: all deps build test demo bench stress clean

all: build

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

# Every test: the Git layer and engine on real repositories, the CLI end to end.
# KimiRuntime's suite drives the real kimi-cli 1.51.0 (a cached venv under .cache/, built once).
test: deps
	@scripts/lint-workflows.sh
	$(SWIFT) build --build-tests
	@KIMI_CLI_PATH="$$(scripts/kimi-venv.sh)" || { echo "make test: could not set up the Kimi CLI test peer" >&2; exit 1; }; \
	  export KIMI_CLI_PATH; $(SWIFT) test --skip-build

# The main job end to end on a generated upstream, no network.
demo: build
	@scripts/demo.sh $(BIN)

clean:
	rm -rf .build demo-out
