"""The stand-ins keep the GitHub semantics the workflows depend on; and what they show about the
old templates (fault 4: a binary cached only when the whole job succeeded)."""
import json
import os

import harness
from harness import git

CACHE = "actions/cache@5a3ec84eff668545956fd18022155c47e93e2684"
CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"


def adhoc(base, text, github=None, name="t.yml"):
    """Runs one workflow that is not init's (a harness self-test) under act with the stand-ins."""
    runs = len([d for d in os.listdir(base) if d.startswith("adhoc-")])
    run_dir = os.path.join(base, f"adhoc-{runs}")
    project = os.path.join(run_dir, "project")
    harness.write(project, {f".github/workflows/{name}": text})
    git("init", "-q", "-b", "main", project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "workflow", cwd=project)
    git("remote", "add", "origin", f"https://github.com/{harness.REPOSITORY}.git", cwd=project)
    with open(os.path.join(run_dir, "event.json"), "w") as f:
        json.dump({"repository": {"full_name": harness.REPOSITORY, "default_branch": "main"}}, f)
    state = os.path.join(base, "standin-state")
    os.makedirs(state, exist_ok=True)
    env = {"HARNESS_STATE": state, "GITHUB_RUN_ID": str(100 + runs)}
    secrets = {"GITHUB_TOKEN": "none"}
    if github:
        env["GITHUB_SERVER_URL"] = github.git_server.url
        env.update(github.ca_environment())
        secrets = {"GITHUB_TOKEN": github.actions_token}
    return harness.act(run_dir, project, name, "workflow_dispatch", {}, secrets, env, [text])


OLD_PATTERN = f"""name: old
on: workflow_dispatch
jobs:
  mirror:
    runs-on: ubuntu-24.04
    steps:
      - id: tool
        uses: {CACHE}
        with:
          path: bin
          key: tool-v1
      - if: steps.tool.outputs.cache-hit != 'true'
        run: mkdir -p bin && echo built > bin/tool
      - run: exit 4   # the first sync holds or sees a smoke fail
  publish:
    needs: mirror
    if: ${{{{ !cancelled() }}}}
    runs-on: ubuntu-24.04
    steps:
      - uses: {CACHE.replace("cache@", "cache/restore@")}
        with:
          path: bin
          key: tool-v1
          fail-on-cache-miss: true
      - run: cat bin/tool
"""


def test_combined_cache_saves_only_when_the_job_succeeds_which_was_fault_4(tmp_path):
    run = adhoc(str(tmp_path), OLD_PATTERN)
    assert run.jobs == {"mirror": "failure", "publish": "failure"}, run.text()
    assert "Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: tool-v1" in run.text()
    # The same job passing: the post step saves, and the next run's publish job finds it.
    passing = adhoc(str(tmp_path), OLD_PATTERN.replace("exit 4", "true"))
    assert passing.jobs == {"mirror": "success", "publish": "success"}, passing.text()
    assert "[publish] built" in passing.text()


def test_cache_keys_are_immutable_and_restore_keys_take_the_newest(tmp_path):
    text = f"""name: keys
on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: mkdir -p d && echo "$GITHUB_RUN_ID" > d/v
      - uses: {CACHE.replace("cache@", "cache/save@")}
        with:
          path: d
          key: k-fixed
      - uses: {CACHE.replace("cache@", "cache/save@")}
        with:
          path: d
          key: k-${{{{ github.run_id }}}}
  b:
    needs: a
    runs-on: ubuntu-24.04
    steps:
      - id: exact
        uses: {CACHE.replace("cache@", "cache/restore@")}
        with:
          path: d
          key: k-fixed
      - run: echo "fixed holds $(cat d/v)"
      - id: prefix
        uses: {CACHE.replace("cache@", "cache/restore@")}
        with:
          path: d
          key: k-none
          restore-keys: k-1
      - run: echo "prefix holds $(cat d/v)"
"""
    first = adhoc(str(tmp_path), text)
    second = adhoc(str(tmp_path), text)
    assert first.jobs == second.jobs == {"a": "success", "b": "success"}, second.text()
    assert "Unable to reserve cache with key k-fixed" in second.text()
    assert "[b] fixed holds 100" in second.text()           # the first save stays
    assert "[b] prefix holds 101" in second.text()          # the newest entry under the prefix
    assert second.output("b", "exact", "cache-hit") == "true"
    assert second.output("b", "prefix", "cache-hit") == "false"


def test_checkout_honours_fetch_depth_ref_and_persist_credentials(world, tmp_path):
    github = world()
    text = f"""name: co
on: workflow_dispatch
jobs:
  shallow:
    runs-on: ubuntu-24.04
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
          ref: main
      - run: echo "shallow=$(git rev-parse --is-shallow-repository) commits=$(git rev-list --count HEAD) header=$(git config --get-regexp extraheader | wc -l)"
  full:
    runs-on: ubuntu-24.04
    steps:
      - uses: {CHECKOUT}
        with:
          fetch-depth: 0
          ref: main
      - run: echo "shallow=$(git rev-parse --is-shallow-repository) commits=$(git rev-list --count HEAD) header=$(git config --get-regexp extraheader | wc -l)"
"""
    run = adhoc(str(tmp_path), text, github=github)
    assert run.jobs == {"shallow": "success", "full": "success"}, run.text()
    assert "[shallow] shallow=true commits=1 header=0" in run.text()
    assert "[full] shallow=false commits=2 header=1" in run.text()
