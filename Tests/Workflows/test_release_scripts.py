"""The scripts behind the composite action (scripts/install-release.sh) and the release workflow
(scripts/publish-release.sh, scripts/stamp-build.sh), run directly against the fake GitHub API: the
refusals that the act scenarios do not reach."""
import hashlib
import json
import os
import subprocess
import tarfile

import pytest

import harness
from harness import ROOT

TOKEN = "ghs_scripts"
REPO = "acme/release-mirror"
COMMIT = "c" * 40
ASSET = "release-mirror-v0.5.0-debian12-x86_64.tar.gz"


@pytest.fixture
def api(tmp_path):
    server = harness.Server([os.path.join(ROOT, "Tests", "Fixtures", "github", "fake_github.py"), "--token", TOKEN],
                            str(tmp_path / "fake-github.log"))
    yield server
    server.stop()


def fake_binary(tmp_path, commit):
    """A stand-in release binary: prints what a stamped release-mirror prints for --version."""
    path = tmp_path / "dist" / "release-mirror"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f'#!/bin/sh\necho "0.5.0 (commit {commit}, {REPO})"\n')
    path.chmod(0o755)
    tarball = tmp_path / ASSET
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(path, arcname="release-mirror")
    return tarball


def publish(api, tmp_path, *files):
    env = {**os.environ, "GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": TOKEN}
    return subprocess.run([os.path.join(ROOT, "scripts", "publish-release.sh"), "v0.5.0", *map(str, files)],
                          cwd=tmp_path, env=env, capture_output=True, text=True)


def install(api, tmp_path, ref=COMMIT, repository=REPO, source=ROOT):
    env = {**os.environ, "GITHUB_API_URL": api.url, "RELEASE_MIRROR_INSTALL_VERSION": "v0.5.0",
           "RELEASE_MIRROR_INSTALL_PATH": str(tmp_path / "bin"), "RELEASE_MIRROR_API_TOKEN": TOKEN,
           "RELEASE_MIRROR_ACTION_REPOSITORY": repository, "RELEASE_MIRROR_ACTION_REF": ref,
           "RELEASE_MIRROR_SOURCE": str(source), "GITHUB_OUTPUT": str(tmp_path / "output"), "RUNNER_TEMP": str(tmp_path)}
    return subprocess.run(["bash", os.path.join(ROOT, "scripts", "install-release.sh")], env=env,
                          capture_output=True, text=True)


def checksum(tmp_path, tarball, data=None):
    path = tmp_path / (ASSET + ".sha256")
    path.write_text(f"{hashlib.sha256(data if data is not None else tarball.read_bytes()).hexdigest()}  {ASSET}\n")
    return path


def test_publish_creates_the_release_and_never_replaces_an_asset(api, tmp_path):
    tarball = fake_binary(tmp_path, COMMIT)
    done = publish(api, tmp_path, tarball, checksum(tmp_path, tarball))
    assert done.returncode == 0, done.stdout + done.stderr
    release, = api.get("/_control/state")["releases"]
    assert release["tag_name"] == "v0.5.0" and [a["name"] for a in release["assets"]] == [ASSET, ASSET + ".sha256"]
    assert release["assets"][0]["sha256"] == hashlib.sha256(tarball.read_bytes()).hexdigest()
    # A second run for the tag reuses the release and refuses to replace the binary.
    again = publish(api, tmp_path, tarball)
    assert again.returncode == 1
    assert f"already has an asset {ASSET}: assets are never replaced" in again.stdout
    assert len(api.get("/_control/state")["releases"][0]["assets"]) == 2


def test_install_verifies_the_checksum_and_the_pinned_commit(api, tmp_path):
    tarball = fake_binary(tmp_path, COMMIT)
    assert publish(api, tmp_path, tarball, checksum(tmp_path, tarball)).returncode == 0
    done = install(api, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "bin" / "release-mirror").read_bytes() == (tmp_path / "dist" / "release-mirror").read_bytes()
    assert (tmp_path / "output").read_text() == f"binary={tmp_path}/bin/release-mirror\nsource=release\n"
    # Pinned at another commit than the binary names: refused, nothing installed.
    other = install(api, tmp_path / "dist", ref="d" * 40)
    assert other.returncode == 1
    assert f"reports commit {COMMIT}, but this action is pinned at {'d' * 40}: nothing installed" in other.stdout
    assert not (tmp_path / "dist" / "bin").exists()


def test_install_reads_repository_and_commit_from_the_action_path_when_github_leaves_them_empty(api, tmp_path):
    tarball = fake_binary(tmp_path, COMMIT)
    assert publish(api, tmp_path, tarball, checksum(tmp_path, tarball)).returncode == 0
    action_path = tmp_path / "_work" / "_actions" / "acme" / "release-mirror" / COMMIT
    action_path.mkdir(parents=True)
    done = install(api, tmp_path, ref="", repository="", source=action_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "output").read_text() == f"binary={tmp_path}/bin/release-mirror\nsource=release\n"
    # The commit read from the path is the pin: a path naming another commit is refused.
    other = tmp_path / "other"
    (other / "_actions" / "acme" / "release-mirror" / ("d" * 40)).mkdir(parents=True)
    refused = install(api, other, ref="", repository="", source=other / "_actions" / "acme" / "release-mirror" / ("d" * 40))
    assert refused.returncode == 1 and f"but this action is pinned at {'d' * 40}" in refused.stdout


def test_install_refuses_a_tampered_or_missing_checksum(api, tmp_path):
    tarball = fake_binary(tmp_path, COMMIT)
    assert publish(api, tmp_path, tarball, checksum(tmp_path, tarball, b"other bytes")).returncode == 0
    done = install(api, tmp_path)
    assert done.returncode == 1
    assert f"the SHA-256 of {ASSET} ({hashlib.sha256(tarball.read_bytes()).hexdigest()}) does not match" in done.stdout
    assert "nothing installed" in done.stdout and not (tmp_path / "bin").exists()
    # A release with the binary but no checksum: refused too (never an unverified binary).
    subprocess.run(["curl", "-s", "-X", "POST", f"{api.url}/_control/reset"], check=True, capture_output=True)
    assert publish(api, tmp_path, tarball).returncode == 0
    missing = install(api, tmp_path)
    assert missing.returncode == 1 and f"no {ASSET}.sha256: refusing an unverified binary" in missing.stdout
    assert not (tmp_path / "bin").exists()


def test_install_says_which_input_is_missing():
    done = subprocess.run(["bash", os.path.join(ROOT, "scripts", "install-release.sh")], capture_output=True, text=True,
                          env={**os.environ, "RELEASE_MIRROR_ACTION_REF": "e" * 40, "RELEASE_MIRROR_SOURCE": ROOT,
                               "RELEASE_MIRROR_ACTION_REPOSITORY": REPO, "RELEASE_MIRROR_INSTALL_VERSION": ""})
    assert done.returncode == 1 and "set the input `version: vX.Y.Z`" in done.stdout
    bad_repository = subprocess.run(["bash", os.path.join(ROOT, "scripts", "install-release.sh")], capture_output=True,
                                    text=True, env={**os.environ, "RELEASE_MIRROR_INSTALL_VERSION": "v0.5.0", "RELEASE_MIRROR_SOURCE": ROOT,
                                                    "RELEASE_MIRROR_ACTION_REPOSITORY": ""})
    assert bad_repository.returncode == 1 and "set the input `repository`" in bad_repository.stdout


@pytest.mark.parametrize("args, message", [
    (("0.5.0", COMMIT, REPO), "not v + a SemVer"),
    (("v0.5.0", "abc", REPO), "not 40 lowercase hex"),
    (("v0.5.0", COMMIT, 'x"; evil'), "not owner/name"),
])
def test_stamp_build_refuses_what_it_cannot_stamp(tmp_path, args, message):
    done = subprocess.run([os.path.join(ROOT, "scripts", "stamp-build.sh"), *args], capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr
    with open(os.path.join(ROOT, "Sources", "ReleaseMirror", "Tool", "BuildStamp.swift")) as f:
        assert "static let tag: String? = nil" in f.read(), "a refused stamp leaves the file as committed"
