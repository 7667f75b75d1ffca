"""Scenarios: the publish-sdk workflow `init` writes, run under act against a local GitHub."""
import json
import os
import subprocess

import harness
from harness import git
from test_sync_workflow import explain

VERSION = "0.2.0"
PUBLISH_TAG = f"refs/tags/publish-sdk/v{VERSION}"


def publish_tag(github, version):
    """What a release engineer does: publish-tag without pushing, commit the ledger row to the
    default branch, then publish-tag again to push the tag (with the fine-grained token)."""
    work = os.path.join(github.base, f"engineer-{version}")
    auth = github.authed()
    git("clone", "-q", github.url, work, env=auth)
    git("fetch", "-q", "origin", "refs/notes/*:refs/notes/*", "refs/release-mirror/*:refs/release-mirror/*", cwd=work, env=auth)
    env = {**os.environ, **harness.GIT_ENV, "GIT_CONFIG_GLOBAL": "/dev/null", "RELEASE_MIRROR_TOKEN": github.admin_token,
           **github.ca_environment()}
    ledger = subprocess.run([harness.tool_binary(), "ledger", "update"], cwd=work, env=env, capture_output=True, text=True)
    assert ledger.returncode == 0, ledger.stdout + ledger.stderr
    tool = [harness.tool_binary(), "publish-tag", version, "--from", f"@moonshot-ai/kimi-code@{version}"]
    first = subprocess.run(tool + ["--no-push"], cwd=work, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    git("commit", "-q", "-am", f"Ledger: publish {version}", cwd=work)
    git("push", "-q", "origin", "main", cwd=work, env=auth)
    github.new_pushes()
    second = subprocess.run(tool, cwd=work, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout + second.stderr
    return github.new_pushes()


def mirrored(world):
    github = world()
    run = github.run("sync-upstream.yml", event="schedule")
    assert run.jobs["publish"] == "success", explain(run)
    return github


def test_a_publish_is_built_without_tokens_packaged_and_published(world):
    github = mirrored(world)
    pushes = publish_tag(github, VERSION)
    assert [p["ref"] for p in pushes] == [PUBLISH_TAG]
    # The push-event rule: the publish tag's commit is upstream's, whose tree has upstream's
    # workflows, not publish-sdk.yml: a tag push could never have started the publish.
    started = [s["workflow"] for p in pushes for s in github.workflows_started_by_push(p)]
    assert "publish-sdk.yml" not in started and started == ["ci.yml"]
    run = github.run("publish-sdk.yml", inputs={"version": VERSION, "dry-run": "false"})
    assert run.jobs == {"build": "success", "publish": "success"}, explain(run)
    # Upstream's build ran with no credential to steal; the publish job ran no upstream code.
    assert "[build] build saw credentials: none" in run.text()
    assert "build saw credentials" not in "\n".join(l for l in run.log if l.startswith("[publish]"))
    assert run.output("publish", "package", "dist-tag") == "latest"
    publishes = github.publishes()
    assert len(publishes) == 1, publishes
    published = publishes[0]
    assert (published["name"], published["version"], published["dist-tags"]) == ("@acme/kimi-code-sdk", VERSION, {"latest": VERSION})
    assert published["access"] == "public"
    assert set(published["files"]) == {"package/dist/index.mjs", "package/dist/index.d.mts", "package/LICENSE",
                                       "package/NOTICE.md", "package/README.md", "package/package.json"}
    manifest = published["manifest"]
    assert "scripts" not in manifest and "private" not in manifest
    assert manifest["name"] == "@acme/kimi-code-sdk" and manifest["version"] == VERSION
    # The consumer's repository is the building repository (npm refuses provenance otherwise).
    assert "/acme/mirror" in json.dumps(manifest.get("repository"))
    # Nothing moved in the mirror.
    assert run.pushes == []


def test_a_publish_whose_version_disagrees_publishes_nothing(world):
    github = mirrored(world)
    publish_tag(github, VERSION)
    # No publish tag for this version: the build job cannot find it; nothing is published.
    run = github.run("publish-sdk.yml", inputs={"version": "0.3.0", "dry-run": "false"})
    assert run.jobs.get("build") == "failure", explain(run)
    assert "publish" not in run.jobs or run.jobs["publish"] != "success"
    assert "A branch or tag with the name 'publish-sdk/v0.3.0' could not be found" in run.text() or \
        "refs/tags/publish-sdk/v0.3.0" in run.text()
    # Not a version at all: refused before anything is checked out.
    bad = github.run("publish-sdk.yml", inputs={"version": "0.2.0;id", "dry-run": "false"})
    assert bad.jobs.get("build") == "failure" and "::error::not a version: 0.2.0;id" in bad.text(), explain(bad)
    assert github.publishes() == []


def test_a_build_that_changes_the_manifest_is_refused(world):
    # Upstream's build rewrites packages/node-sdk/package.json's version: what would be published
    # disagrees with the publish tag's manifest, so `release-mirror package` refuses (exit 5).
    github = world(releases=("0.1.0", "0.2.0"), bumps=("0.2.0",))
    assert github.run("sync-upstream.yml", event="schedule").jobs["publish"] == "success"
    publish_tag(github, VERSION)
    run = github.run("publish-sdk.yml", inputs={"version": VERSION, "dry-run": "false"})
    assert run.jobs == {"build": "success", "publish": "failure"}, explain(run)
    assert "**refused**: nothing was written" in run.text()
    assert "[publish] exit status 5" in run.text()
    assert github.publishes() == []


def test_a_dry_run_publish_packs_and_publishes_nothing(world):
    github = mirrored(world)
    publish_tag(github, VERSION)
    run = github.run("publish-sdk.yml", inputs={"version": VERSION, "dry-run": "true"})
    assert run.jobs == {"build": "success", "publish": "success"}, explain(run)
    assert "with tag latest and public access (dry-run)" in run.text()
    assert github.publishes() == []
