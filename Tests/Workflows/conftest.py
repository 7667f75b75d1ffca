"""pytest fixtures for the workflow scenarios: a fresh fixture upstream and local GitHub each."""
import os
import shutil
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


@pytest.fixture
def world():
    base = tempfile.mkdtemp(prefix="workflow-harness-")
    made = {}

    def make(releases=("0.1.0", "0.2.0"), broken=(), bumps=(), tokens=None, tool_assets="binary"):
        upstream = harness.make_upstream(base, releases=releases, broken=broken, bumps=bumps)
        github = harness.LocalGitHub(base, upstream, tokens=tokens, tool_assets=tool_assets)
        made["github"] = github
        github.init_mirror()
        return github

    yield make
    if "github" in made:
        made["github"].stop()
    if os.environ.get("HARNESS_KEEP"):
        print(f"\nkept {base}")
    else:
        shutil.rmtree(base, ignore_errors=True)
