# release-mirror — the two commands: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/debug/release-mirror

.PHONY: all deps test-deps build test demo bench stress docs clean

all: build

# What `swift build` needs (pkg-config, libgit2-dev); test-deps adds the suites' real peers
# (lighttpd, sshd, openssl, node/npm). The Kimi CLI venv is set up by `make test` itself.
deps:
	@scripts/ensure-deps.sh build

test-deps:
	@scripts/ensure-deps.sh test

build: deps
	$(SWIFT) build

# Every test: the Git layer and engine on real repositories, the CLI end to end, KimiRuntime against
# the real kimi-cli 1.51.0 over wire and ACP (a cached venv under .cache/, built once) and against an
# ACP agent on Zed's ACP SDK (its own cached venv), and the reliability suite.
# The three groups run one after another: each is parallel inside, and keeping the timing-sensitive
# suites (a peer that must answer within seconds, a hook killed at its timeout) apart from the
# process-heavy ones keeps them honest on a 2-core machine. Last, the workflow harness
# (Tests/Workflows, pytest): the workflows `init` writes, run under act against a local GitHub.
test: test-deps
	@scripts/lint-workflows.sh
	@scripts/check-spec-refs.sh
	@scripts/check-layers.sh
	@python3 scripts/check-sizes.py
	$(SWIFT) build --build-tests
	@KIMI_CLI_PATH="$$(scripts/kimi-venv.sh)" || { echo "make test: could not set up the Kimi CLI test peer" >&2; exit 1; }; \
	  ACP_SDK_PYTHON="$$(scripts/acp-sdk-venv.sh)" || { echo "make test: could not set up the ACP SDK test agent" >&2; exit 1; }; \
	  export KIMI_CLI_PATH ACP_SDK_PYTHON; \
	  $(SWIFT) test --skip-build --skip "KimiRuntimeTests|ReliabilityTests" && \
	  $(SWIFT) test --skip-build --filter KimiRuntimeTests && \
	  $(SWIFT) test --skip-build --filter ReliabilityTests
	@scripts/workflow-tests.sh

# The main job end to end on a generated upstream, no network.
demo: build
	@scripts/demo.sh $(BIN)

# bench/run.sh builds the release binary it times (no debug build needed).
bench: deps
	@bench/run.sh

# The slow reliability runs (about 40 min on 2 cores): the crash harness with 64 SIGKILL points on a
# 20,000-commit upstream, and a million fuzzed parser inputs. See Tests/Stress/run.sh.
stress: test-deps
	$(SWIFT) build --build-tests
	@Tests/Stress/run.sh

# The man page and shell completions, generated from the CLI's own help text.
docs: build
	@mkdir -p share/man/man1
	$(SWIFT) package --allow-writing-to-directory share/man/man1 generate-manual --configuration debug \
	  --output-directory share/man/man1 --authors "release-mirror developers"
	@mkdir -p share/completions
	$(BIN) --generate-completion-script bash > share/completions/release-mirror.bash
	$(BIN) --generate-completion-script zsh > share/completions/_release-mirror
	$(BIN) --generate-completion-script fish > share/completions/release-mirror.fish

clean:
	rm -rf .build demo-out
