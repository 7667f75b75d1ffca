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
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The main job end to end on a generated upstream, no network.
demo: build
	@scripts/demo.sh $(BIN)

clean:
	rm -rf .build demo-out
