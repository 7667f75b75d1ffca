"""Scenarios: the sync-upstream workflow `init` writes, run under act against a local GitHub."""
import json
import os
import subprocess

import harness
from harness import git

TAG1, TAG2 = "refs/tags/@moonshot-ai/kimi-code@0.1.0", "refs/tags/@moonshot-ai/kimi-code@0.2.0"


def explain(run):
    return f"workflow {run.workflow} ({run.event}) jobs={run.jobs}\n" + run.text()[-8000:]


def upstream_ref(github, ref):
    return git("rev-parse", ref, cwd=github.upstream)


def test_first_scheduled_run_on_an_empty_mirror(world):
    github = world()
    assert len(git("rev-list", "main", cwd=github.bare).split()) == 2   # the fault-1 shape
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.jobs == {"mirror": "success", "publish": "success", "keepalive": "success"}, explain(run)
    refs = github.refs()
    # Mirror tags carry upstream's own (annotated) tag objects; release branches their commits.
    assert refs[TAG1] == upstream_ref(github, "@moonshot-ai/kimi-code@0.1.0")
    assert refs[TAG2] == upstream_ref(github, "@moonshot-ai/kimi-code@0.2.0")
    assert refs["refs/heads/release/v0.2.0"] == upstream_ref(github, "main")
    assert refs["refs/heads/upstream-main"] == upstream_ref(github, "main")
    assert "refs/release-mirror/last-sync" in refs and "refs/notes/release-mirror" in refs
    # The push needed what the hand-off carried: no "object not found" (fault 1).
    assert "object not found" not in run.text()
    assert run.output("mirror", "sync", "exit-status") == "0"
    assert run.output("mirror", "sync", "new-tags") == "@moonshot-ai/kimi-code@0.1.0 @moonshot-ai/kimi-code@0.2.0"
    assert run.output("publish", "push", "exit-status") == "0"
    assert "| create-tag | `refs/tags/@moonshot-ai/kimi-code@0.2.0` |" in run.summaries["mirror"]
    assert "| smoke passed | `refs/tags/@moonshot-ai/kimi-code@0.1.0` |" in run.summaries["mirror"]
    # The schedule is kept alive through the API, by the keepalive job only.
    assert github.api_state()["enabled"] == [{"repo": "acme/mirror", "workflow": "sync-upstream.yml"}]
    assert github.issues() == []
    # The pushes were made with the fine-grained token (the only one that may push workflow files).
    assert {p["kind"] for p in run.pushes} == {"pat"}
    # The push-event rule: every pushed mirror ref starts the workflows of ITS commit, upstream's
    # ci.yml, never publish-sdk.yml; and none of those runs gets a secret (the README's settings:
    # secrets only in environments that admit the default branch).
    assert run.started, "pushed upstream refs start upstream's own push workflows"
    assert {s["workflow"] for s in run.started} == {"ci.yml"}
    assert all(s["secrets"] == {} for s in run.started), [(s["ref"], s["secrets"]) for s in run.started]
    # Run them: upstream's job (which names the mirror-push environment) sees no token.
    upstream_runs = github.run_started(run.started)
    assert len(upstream_runs) == 5   # two tags, two release branches, upstream-main
    for upstream_run in upstream_runs:
        assert upstream_run.jobs == {"release": "success"}, upstream_run.text()
        assert f"upstream-ci on {upstream_run.ref} saw RELEASE_MIRROR_TOKEN of length 0, NPM_TOKEN of length 0" \
            in upstream_run.text(), upstream_run.text()


def test_second_run_is_a_no_op(world):
    github = world()
    first = github.run("sync-upstream.yml", event="schedule")
    assert first.jobs["publish"] == "success", explain(first)
    before = github.refs()
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.jobs == {"mirror": "success", "publish": "success", "keepalive": "success"}, explain(run)
    # A fresh runner adopts the published state refs, fetches nothing new and changes nothing.
    assert run.output("mirror", "sync", "new-tags") == ""
    assert "0 new release(s)" in run.text() and "received 0 object(s)" in run.text()
    assert run.output("mirror", "tool-cache", "cache-hit") == "true"   # the binary came from the cache
    # Only the sync record moves (forward): a fresh runner adopted the state refs, so the tool
    # records this run; it is no branch or tag, so its push starts no workflow.
    after = github.refs()
    record = "refs/release-mirror/last-sync"
    assert {k: v for k, v in after.items() if k != record} == {k: v for k, v in before.items() if k != record}
    assert subprocess.run(["git", "merge-base", "--is-ancestor", before[record], after[record]], cwd=github.bare).returncode == 0
    assert [p["ref"] for p in run.pushes] in ([], [record]) and run.started == []
    assert github.issues() == []


def test_an_upstream_release(world):
    github = world()
    assert github.run("sync-upstream.yml", event="schedule").jobs["publish"] == "success"
    harness.add_release(github.upstream, "0.3.0")
    run = github.run("sync-upstream.yml", event="workflow_dispatch", inputs={"dry-run": "false"})
    assert run.jobs == {"mirror": "success", "publish": "success"}, explain(run)   # keepalive: schedule only
    assert run.output("mirror", "sync", "new-tags") == "@moonshot-ai/kimi-code@0.3.0"
    refs = github.refs()
    assert refs["refs/tags/@moonshot-ai/kimi-code@0.3.0"] == upstream_ref(github, "@moonshot-ai/kimi-code@0.3.0")
    assert refs["refs/heads/release/v0.3.0"] == refs["refs/heads/upstream-main"] == upstream_ref(github, "main")
    assert "| create-tag | `refs/tags/@moonshot-ai/kimi-code@0.3.0` |" in run.summaries["mirror"]
    assert sorted(p["ref"] for p in run.pushes if p["ref"].startswith("refs/tags/")) == [
        "refs/tags/@moonshot-ai/kimi-code@0.3.0"]


def test_a_release_whose_smoke_fails_on_a_first_run(world):
    github = world(releases=("0.1.0", "0.2.0"), broken=("0.2.0",))
    run = github.run("sync-upstream.yml", event="schedule")
    # Exit 4: the mirror job is red, the release is still mirrored and published.
    assert run.output("mirror", "sync", "exit-status") == "4", explain(run)
    assert run.jobs == {"mirror": "failure", "publish": "success", "keepalive": "success"}, explain(run)
    refs = github.refs()
    assert refs[TAG2] == upstream_ref(github, "@moonshot-ai/kimi-code@0.2.0")
    assert "refs/heads/release/v0.2.0" in refs
    assert "| smoke failed | `refs/tags/@moonshot-ai/kimi-code@0.2.0` |" in run.summaries["mirror"]
    issues = github.issues()
    assert len(issues) == 1 and issues[0]["state"] == "open"
    assert "@moonshot-ai/kimi-code@0.2.0" in issues[0]["title"]
    assert "smoke-failed:@moonshot-ai/kimi-code@0.2.0" in issues[0]["body"]
    assert "Cannot find module" in issues[0]["body"]
    # Fault 4: the binary built by this failed first run was cached anyway; the next run uses it.
    again = github.run("sync-upstream.yml", event="schedule")
    assert again.output("mirror", "tool-cache", "cache-hit") == "true", explain(again)
    assert len(github.issues()) == 1   # the same fingerprint gets no twin


def test_a_history_rewrite_is_held(world):
    github = world()
    assert github.run("sync-upstream.yml", event="schedule").jobs["publish"] == "success"
    mirrored = github.refs()["refs/heads/upstream-main"]
    git("reset", "-q", "--hard", "HEAD~1", cwd=github.upstream)
    git("commit", "-q", "--allow-empty", "-m", "rewritten", cwd=github.upstream)
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.output("mirror", "sync", "exit-status") == "3", explain(run)
    assert run.output("mirror", "sync", "held") == "true"
    assert run.jobs["mirror"] == "failure" and run.jobs["publish"] == "success", explain(run)
    refs = github.refs()
    assert refs["refs/heads/upstream-main"] == mirrored
    quarantine = [r for r in refs if r.startswith("refs/release-mirror/quarantine/")]
    assert len(quarantine) == 1 and refs[quarantine[0]] == upstream_ref(github, "main")
    issues = github.issues()
    assert len(issues) == 1 and "history-rewritten:upstream-main" in issues[0]["body"]


def test_dispatch_with_dry_run_writes_nothing(world):
    github = world()
    before_refs = github.refs()
    run = github.run("sync-upstream.yml", event="workflow_dispatch", inputs={"dry-run": "true"})
    assert run.jobs.get("mirror") == "success", explain(run)
    assert "publish" not in run.jobs or run.jobs["publish"] == "skipped"
    assert "plan (dry run: nothing written)" in run.text()
    assert github.refs() == before_refs and run.pushes == []
    assert github.issues() == []
    assert github.api_state()["enabled"] == []
    # The only cache entry is the tool binary, built by this run (no state of the mirror).
    cached = [json.load(open(os.path.join(github.state, "cache", f)))["key"]
              for f in os.listdir(os.path.join(github.state, "cache")) if f.endswith(".json")]
    assert cached == [f"release-mirror-{harness.TOOL_TAG}-bookworm"], cached
    assert not os.path.exists(os.path.join(github.base, f"run-{github.runs}", "artifacts"))


def test_a_push_refused_for_touching_workflows_says_what_token_is_needed(world):
    # A fine-grained token with Contents write but not Workflows write (or the default GITHUB_TOKEN).
    github = world(tokens={"push": {"kind": "pat", "scopes": ["contents:read", "contents:write"]}})
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.jobs["publish"] == "failure", explain(run)
    assert run.output("publish", "push", "exit-status") == "1"
    assert "without `workflows` write permission" in run.text()
    assert "RELEASE_MIRROR_TOKEN needs Workflows write" in run.text()
    assert [r for r in github.refs() if r != "refs/heads/main"] == []


def test_a_second_config_is_refused(world):
    github = world()
    with open(os.path.join(github.base, "init", "release-mirror.toml")) as f:
        config = f.read()
    github.commit_to_default_branch("a second upstream", {"other/second.toml": config})
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.jobs["mirror"] == "failure", explain(run)
    assert "::error file=other/second.toml::a second release-mirror config" in run.text()
    assert [r for r in github.refs() if r != "refs/heads/main"] == []
