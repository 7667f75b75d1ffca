"""What the workflows `init` writes promise in their structure (read from init's own output): the
parts the engine cannot show, such as concurrency groups and who holds which permission."""
import os
import re
import subprocess
import tempfile

import yaml

import harness


def init_workflows():
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([harness.tool_binary(), "init", "--upstream", "https://example.invalid/u.git",
                               "--tool-ref", f"{harness.TOOL_TAG}@{harness.tool_commit()}",
                               "--tool-repository", harness.TOOL_REPOSITORY, tmp],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        out = {}
        for name in harness.SUBSTITUTIONS[0].files:
            with open(os.path.join(tmp, ".github", "workflows", name)) as f:
                text = f.read()
            out[name] = (text, yaml.safe_load(text))
        return out


def test_one_concurrency_group_per_run_and_a_sync_never_cancels_a_publish():
    workflows = init_workflows()
    _, sync = workflows["sync-upstream.yml"]
    _, publish = workflows["publish-sdk.yml"]
    # The whole sync run is one group: its mirror and publish jobs never interleave with another run's.
    assert sync["concurrency"] == {"group": "release-mirror-sync", "cancel-in-progress": False}
    assert all("concurrency" not in job for job in sync["jobs"].values())
    # Publishing is another group (per version), so a queued sync never replaces a pending publish.
    assert publish["concurrency"]["group"].startswith("publish-sdk-") and publish["concurrency"]["cancel-in-progress"] is False
    assert publish["concurrency"]["group"] != sync["concurrency"]["group"]


def test_each_permission_is_held_by_the_one_job_that_needs_it():
    workflows = init_workflows()
    for name, (_, doc) in workflows.items():
        assert doc["permissions"] == {}, f"{name}: the workflow default must be no permission"
    sync = workflows["sync-upstream.yml"][1]["jobs"]
    assert sync["mirror"]["permissions"] == {"contents": "read", "issues": "write"}
    assert sync["publish"]["permissions"] == {"contents": "read"} and sync["publish"]["environment"] == "mirror-push"
    assert sync["keepalive"]["permissions"] == {"actions": "write"}
    publish = workflows["publish-sdk.yml"][1]["jobs"]
    assert publish["build"]["permissions"] == {"contents": "read"} and "environment" not in publish["build"]
    assert publish["publish"]["permissions"] == {"contents": "read", "id-token": "write"}
    # The approval environment is named for a real publish, not for a dry run.
    assert publish["publish"]["environment"] == "${{ format('{0}', inputs.dry-run) == 'false' && 'npm-publish' || '' }}"


def test_no_secret_reaches_a_job_that_runs_upstream_code():
    workflows = init_workflows()
    text = workflows["publish-sdk.yml"][0]
    build = yaml.safe_dump(workflows["publish-sdk.yml"][1]["jobs"]["build"])
    assert "secrets." not in build and "github.token" not in build
    # The mirror job's only secret is its own read-contents/write-issues token, in the sync step.
    mirror = workflows["sync-upstream.yml"][1]["jobs"]["mirror"]
    holders = [s.get("name") for s in mirror["steps"] if "secrets." in yaml.safe_dump(s)]
    assert holders == ["Mirror and smoke (nothing is pushed from this job)"]
    assert "RELEASE_MIRROR_TOKEN" not in yaml.safe_dump(mirror)
    assert "pnpm install" not in yaml.safe_dump(workflows["publish-sdk.yml"][1]["jobs"]["publish"])
    assert re.search(r"npm publish|\"npm\"", text)


def test_publishing_is_started_by_dispatch_on_the_default_branch_never_by_a_push():
    _, publish = init_workflows()["publish-sdk.yml"]
    on = publish.get("on", publish.get(True))
    assert list(on) == ["workflow_dispatch"]
    assert publish["jobs"]["build"]["if"] == "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    assert publish["jobs"]["publish"]["needs"] == "build"


def test_the_harness_refuses_any_difference_beyond_the_listed_substitutions(tmp_path):
    import types

    import pytest

    texts = {name: text for name, (text, _) in init_workflows().items()}
    fake = types.SimpleNamespace(init_files=texts)
    directory = tmp_path / ".github" / "workflows"
    directory.mkdir(parents=True)
    for name, text in texts.items():
        (directory / name).write_text(harness.apply_substitutions(name, text, harness.SUBSTITUTIONS))
    harness.LocalGitHub.check_only_substitutions(fake, str(tmp_path))   # exactly init + substitutions: accepted
    edited = (directory / "sync-upstream.yml").read_text().replace("fetch-depth: 0", "fetch-depth: 1")
    (directory / "sync-upstream.yml").write_text(edited)
    with pytest.raises(AssertionError, match="differs from init's output"):
        harness.LocalGitHub.check_only_substitutions(fake, str(tmp_path))
    # A substitution whose text left the template fails loudly instead of silently not applying.
    with pytest.raises(AssertionError, match="no longer matches"):
        harness.apply_substitutions("publish-sdk.yml", texts["publish-sdk.yml"].replace("--provenance", "--prov"),
                                    harness.SUBSTITUTIONS)
    # A `uses:` without a stand-in is refused.
    fake.init_files = {**texts, "sync-upstream.yml": texts["sync-upstream.yml"] + "      - uses: evil/action@v1\n"}
    (directory / "sync-upstream.yml").write_text(harness.apply_substitutions(
        "sync-upstream.yml", fake.init_files["sync-upstream.yml"], harness.SUBSTITUTIONS))
    with pytest.raises(AssertionError, match="no stand-in for evil/action@v1"):
        harness.LocalGitHub.check_only_substitutions(fake, str(tmp_path))


def test_every_workflow_installs_release_mirror_by_an_immutable_ref():
    """Fault 3: no tag name to clone; each install is the pinned release's action, by commit."""
    for name, (text, doc) in init_workflows().items():
        assert "RELEASE_MIRROR_REF" not in text and "git clone" not in text, name
        uses = re.findall(r"uses: (acme/release-mirror@\S+ # \S+)", text)
        assert uses and set(uses) == {f"{harness.TOOL_REPOSITORY}@{harness.tool_commit()} # {harness.TOOL_TAG}"}, (name, uses)
        assert doc["env"]["RELEASE_MIRROR_TOOL_VERSION"] == harness.TOOL_TAG
        installs = [step for job in doc["jobs"].values() for step in job.get("steps", [])
                    if step.get("uses", "").startswith("acme/release-mirror@")]
        assert installs and all(step["with"]["version"] == "${{ env.RELEASE_MIRROR_TOOL_VERSION }}" for step in installs)


def test_the_release_workflow_runs_on_v_tags_and_only_its_job_writes_contents():
    with open(os.path.join(harness.ROOT, ".github", "workflows", "release.yml")) as f:
        doc = yaml.safe_load(f)
    on = doc.get("on", doc.get(True))
    assert on == {"push": {"tags": ["v*"]}}
    assert doc["permissions"] == {}
    assert doc["jobs"]["release"]["permissions"] == {"contents": "write"}
    run = "\n".join(step.get("run", "") for step in doc["jobs"]["release"]["steps"])
    assert "swift build -c release --static-swift-stdlib --product release-mirror" in run
    assert "scripts/stamp-build.sh" in run and "scripts/publish-release.sh" in run
    assert "libcurl4-openssl-dev" in run and "libgit2-dev" in run
