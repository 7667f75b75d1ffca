"""Scenarios: releasing release-mirror itself (.github/workflows/release.yml, run under act on a
pushed v* tag) and installing it with the composite action (action.yml) the workflows `init` writes
use, against a local GitHub."""
import hashlib
import io
import json
import os
import shutil
import tarfile
import urllib.request

import harness
from harness import ROOT, git
from substitutions import SUBSTITUTIONS

RELEASE_FILES = (".github/workflows/release.yml", "action.yml", "scripts/stamp-build.sh", "scripts/publish-release.sh",
                 "scripts/install-release.sh", "Sources/ReleaseMirror/Tool/BuildStamp.swift")


def explain(run):
    return f"workflow {run.workflow} ({run.event}) jobs={run.jobs}\n" + run.text()[-8000:]


def download(github, asset):
    request = urllib.request.Request(asset["url"], headers={
        "Authorization": f"Bearer {github.push_token}", "Accept": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.read()


def push_release_repository(github, tag):
    """acme/release-mirror on the local git host: this repository's release workflow (with the
    listed substitutions) and the scripts it runs; its main branch and `tag` pushed with a personal
    token, as a maintainer does. Returns (bare repository, the push-log entries)."""
    bare = os.path.join(github.hosting, "acme", "release-mirror.git")
    git("init", "-q", "--bare", "-b", "main", bare)
    # The git host installs its pre-receive hook (grants, push log) in the repositories it finds at
    # start; this one is new: the same hook.
    shutil.copy2(os.path.join(github.bare, "hooks", "pre-receive"), os.path.join(bare, "hooks", "pre-receive"))
    work = os.path.join(github.base, "release-mirror-src")
    git("init", "-q", "-b", "main", work)
    files = {}
    for name in RELEASE_FILES:
        with open(os.path.join(ROOT, name)) as f:
            files[name] = f.read()
    files[".github/workflows/release.yml"] = harness.apply_substitutions(
        "release.yml", files[".github/workflows/release.yml"], SUBSTITUTIONS)
    harness.write(work, files)
    for name in files:
        if name.endswith(".sh"):
            os.chmod(os.path.join(work, name), 0o755)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", f"release-mirror {tag}", cwd=work)
    git("tag", "-a", "-m", f"release-mirror {tag}", tag, cwd=work)
    url = f"{github.git_server.url}/acme/release-mirror"
    git("push", "-q", url, "main", f"refs/tags/{tag}", cwd=work, env=github.authed())
    return bare, git("rev-parse", f"{tag}^{{commit}}", cwd=work), github.push_log(bare)


def run_release(github, bare, started):
    """Runs the release workflow a tag push started, under act, on the pushed commit, with a job
    token that may write contents (the workflow's `permissions: contents: write`)."""
    github.runs += 1
    run_dir = os.path.join(github.base, f"run-{github.runs}")
    project = os.path.join(run_dir, "project")
    git("clone", "-q", "--no-checkout", bare, project)
    git("checkout", "-q", started["commit"], cwd=project)
    git("remote", "set-url", "origin", "https://github.com/acme/release-mirror.git", cwd=project)
    with open(os.path.join(run_dir, "event.json"), "w") as f:
        json.dump({"ref": started["ref"], "after": started["commit"], "repository": {
            "full_name": "acme/release-mirror", "name": "release-mirror", "owner": {"login": "acme"},
            "default_branch": "main"}}, f)
    env_vars = {"HARNESS_STATE": github.state, "HARNESS_RELEASE_MIRROR_BIN": harness.tool_binary(),
                "GITHUB_SERVER_URL": github.git_server.url, "GITHUB_API_URL": github.api.url,
                "GITHUB_RUN_ID": str(9000 + github.runs), **github.ca_environment()}
    text = git("show", f"{started['commit']}:.github/workflows/release.yml", cwd=bare)
    return harness.act(run_dir, project, "release.yml", "push", None, {"GITHUB_TOKEN": github.actions_token},
                       env_vars, [text])


def test_a_v_tag_releases_the_binary_and_its_checksum_and_the_action_installs_it(world):
    # The mirror is pinned to TOOL_TAG, which has no release yet: release.yml makes it.
    github = world(tool_assets="absent")
    tag = harness.TOOL_TAG
    bare, commit, pushes = push_release_repository(github, tag)
    # The push-event rule: the tag push starts release.yml (of the tagged commit); the branch push does not.
    started = [s for p in pushes for s in github.workflows_started_by_push(p, bare)]
    assert [(s["ref"], s["workflow"]) for s in started] == [(f"refs/tags/{tag}", "release.yml")], started
    run = run_release(github, bare, started[0])
    assert run.jobs == {"release": "success"}, explain(run)
    assert "stamped " in run.text() and f"{tag} ({commit}, acme/release-mirror)" in run.text(), explain(run)
    releases = [r for r in github.api_state()["releases"] if r["tag_name"] == tag]
    assert len(releases) == 1, github.api_state()["releases"]
    asset = harness.TOOL_ASSET
    assets = {a["name"]: a for a in releases[0]["assets"]}
    assert sorted(assets) == [asset, asset + ".sha256"]
    tarball = download(github, assets[asset])
    checksum = download(github, assets[asset + ".sha256"]).decode()
    # The checksum file is sha256sum's line for the tarball, which holds the binary (here: the one
    # `make test` built, the release build's substitute).
    digest = hashlib.sha256(tarball).hexdigest()
    assert checksum == f"{digest}  {asset}\n"
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        assert tar.getnames() == ["release-mirror"]
        packed = tar.extractfile("release-mirror").read()
    with open(harness.tool_binary(), "rb") as f:
        assert packed == f.read()
    assert f"released {tag}: " in run.text()
    # The mirror's workflow installs exactly that release's binary through the action.
    sync = github.run("sync-upstream.yml", event="workflow_dispatch", inputs={"dry-run": "true"})
    assert sync.jobs.get("mirror") == "success", explain(sync)
    assert f"{asset}: SHA-256 {digest} matches {asset}.sha256" in sync.text(), explain(sync)
    assert f"installed release-mirror {tag} (release)" in sync.text()


def test_the_action_installs_the_pinned_release_with_its_checksum_verified(world):
    github = world()
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.jobs == {"mirror": "success", "publish": "success", "keepalive": "success"}, explain(run)
    text = run.text()
    with open(os.path.join(github.base, harness.TOOL_ASSET), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert f"{harness.TOOL_ASSET}: SHA-256 {digest} matches {harness.TOOL_ASSET}.sha256" in text, explain(run)
    assert f"installed release-mirror {harness.TOOL_TAG} (release)" in text
    # The test binary is a development build: installed, with a warning that it names no commit.
    assert "is a development build (no release stamp)" in text
    # Both jobs of the run installed it: the mirror job downloaded it, the publish job restored
    # the mirror job's cache.
    assert text.count(f"installed release-mirror {harness.TOOL_TAG} (release)") == 1
    downloads = [r for r in github.api_state()["requests"] if "/releases/assets/" in r["path"]]
    assert len(downloads) == 2 and all(r["authorized"] for r in downloads), downloads


def test_a_tampered_checksum_installs_nothing(world):
    github = world(tool_assets="tampered")
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.jobs.get("mirror") == "failure", explain(run)
    assert run.jobs.get("publish") in (None, "skipped"), explain(run)
    assert "does not match" in run.text() and "nothing installed" in run.text(), explain(run)
    assert "installed release-mirror" not in run.text()
    # Nothing ran and nothing was cached: no binary, no ref, no issue.
    assert run.output("mirror", "sync", "exit-status") is None
    cache = os.path.join(github.state, "cache")
    assert not os.path.isdir(cache) or not [f for f in os.listdir(cache) if f.endswith(".json")]
    assert [r for r in github.refs() if r != "refs/heads/main"] == []
    assert github.issues() == []


def test_a_release_without_a_binary_builds_from_the_actions_source(world):
    github = world(tool_assets="none")
    run = github.run("sync-upstream.yml", event="workflow_dispatch", inputs={"dry-run": "true"})
    assert run.jobs.get("mirror") == "success", explain(run)
    text = run.text()
    assert f"the release {harness.TOOL_TAG} of {harness.TOOL_REPOSITORY} has no {harness.TOOL_ASSET}: building" in text
    # The action was pinned by commit: the source it builds is stamped with that release first.
    assert f"{harness.TOOL_TAG} ({harness.tool_commit()}, {harness.TOOL_REPOSITORY})" in text, explain(run)
    assert f"installed release-mirror {harness.TOOL_TAG} (build)" in text
    assert "plan (dry run: nothing written)" in text
