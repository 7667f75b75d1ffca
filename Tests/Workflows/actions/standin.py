#!/usr/bin/env python3
"""Local stand-ins for the `uses:` actions the shipped workflows reference, run under act.

Each action directory here (checkout, cache, cache/restore, cache/save, upload-artifact,
download-artifact, setup-node) is mapped over the pinned public action with act's
`--local-repository`, and calls `standin.py <command>` with the action's inputs as INPUT_<NAME>
variables, as the real actions receive them. They keep GitHub's semantics where the workflows
depend on them:
  checkout           clones ${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY} with the job token, honouring
                     `ref` (branch, tag or sha; default: the event's ref and sha), `fetch-depth`
                     (1: that commit only, shallow; 0: every branch and tag) and
                     `persist-credentials` (true: the token stays in .git/config as an extraheader)
  cache/restore      exact key (cache-hit=true), else the newest entry whose key starts with a
                     restore-key; `fail-on-cache-miss` fails the step
  cache/save         keys are immutable: an existing key is never overwritten (a warning, as on
                     GitHub); saved only when the step runs
  cache              restore in the main step, save in the post step only when the job succeeded
  upload-artifact    per run; a second upload under one name fails unless `overwrite`
  download-artifact  an unknown name fails
  setup-node         the host's node (Debian 12 like the runner image) stands in for the version
The stores live under HARNESS_STATE (caches: per repository, across runs) and HARNESS_RUN
(artifacts: per workflow run), which the harness passes to act.
"""
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time


def inp(name, default=""):
    value = os.environ.get("INPUT_" + name.upper().replace(" ", "_"), "")
    return value if value.strip() else default


def lines(name):
    return [l.strip() for l in inp(name).splitlines() if l.strip()]


def output(key, value):
    with open(os.environ["GITHUB_OUTPUT"], "a") as f:
        f.write(f"{key}={value}\n")


def fail(message):
    print(f"::error::{message}")
    sys.exit(1)


def git(*args, cwd=None, check=True):
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and done.returncode != 0:
        shown = [a for i, a in enumerate(args) if "AUTHORIZATION" not in a
                 and not (a == "-c" and i + 1 < len(args) and "AUTHORIZATION" in args[i + 1])]
        fail(f"git {' '.join(shown)}: {done.stderr.strip()}")
    return done.stdout.strip()


def checkout():
    import base64
    workspace = os.environ["GITHUB_WORKSPACE"]
    target = os.path.join(workspace, inp("path", "."))
    repository = inp("repository", os.environ["GITHUB_REPOSITORY"])
    url = f"{os.environ['GITHUB_SERVER_URL']}/{repository}"
    token = inp("token")
    depth = int(inp("fetch-depth", "1"))
    persist = inp("persist-credentials", "true") == "true"
    ref = inp("ref")
    sha = ""
    if not ref:
        ref, sha = os.environ["GITHUB_REF"], os.environ["GITHUB_SHA"]
    header = "AUTHORIZATION: basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()
    os.makedirs(target, exist_ok=True)
    for entry in os.listdir(target):
        path = os.path.join(target, entry)
        shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
    git("init", "-q", target)
    git("remote", "add", "origin", url, cwd=target)
    auth = ["-c", f"http.{os.environ['GITHUB_SERVER_URL']}/.extraheader={header}"]
    fetch = [*auth, "fetch", "--no-tags", "--prune", "--no-recurse-submodules"]
    if depth > 0:
        fetch.append(f"--depth={depth}")
    if depth == 0:
        git(*fetch, "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*", cwd=target)
    # Resolve a bare name the way actions/checkout does: a branch first, then a tag, else a sha.
    if not ref.startswith("refs/") and len(ref) != 40:
        listed = git(*auth, "ls-remote", "origin", f"refs/heads/{ref}", f"refs/tags/{ref}", cwd=target)
        if f"refs/heads/{ref}" in listed:
            ref = f"refs/heads/{ref}"
        elif f"refs/tags/{ref}" in listed:
            ref = f"refs/tags/{ref}"
        else:
            fail(f"A branch or tag with the name '{ref}' could not be found")
    if ref.startswith("refs/heads/"):
        branch = ref[len("refs/heads/"):]
        if depth > 0:
            git(*fetch, "origin", f"+{sha or ref}:refs/remotes/origin/{branch}", cwd=target)
        git("checkout", "-q", "--force", "-B", branch, f"refs/remotes/origin/{branch}", cwd=target)
    elif ref.startswith("refs/tags/"):
        if depth > 0:
            git(*fetch, "origin", f"+{ref}:{ref}", cwd=target)
        git("checkout", "-q", "--force", ref, cwd=target)
    else:
        if depth > 0:
            git(*fetch, "origin", ref, cwd=target)
        git("checkout", "-q", "--force", ref if len(ref) == 40 else "FETCH_HEAD", cwd=target)
    if persist:
        git("config", "--local", f"http.{os.environ['GITHUB_SERVER_URL']}/.extraheader", header, cwd=target)
    print(f"checked out {ref} at {git('rev-parse', 'HEAD', cwd=target)[:12]} (fetch-depth {depth}, "
          f"credentials {'persisted' if persist else 'not persisted'})")


def cache_entry(key, paths):
    digest = hashlib.sha256((key + "\n" + "\n".join(paths)).encode()).hexdigest()[:24]
    return os.path.join(os.environ["HARNESS_STATE"], "cache", digest)


def cache_restore():
    key, paths = inp("key"), lines("path")
    workspace = os.environ["GITHUB_WORKSPACE"]
    store = os.path.join(os.environ["HARNESS_STATE"], "cache")
    os.makedirs(store, exist_ok=True)
    entries = []
    for meta in glob.glob(os.path.join(store, "*.json")):
        with open(meta) as f:
            entries.append(json.load(f))
    entries = [e for e in entries if e["paths"] == paths]
    matched = next((e for e in entries if e["key"] == key), None)
    if matched is None:
        for prefix in lines("restore-keys"):
            found = sorted((e for e in entries if e["key"].startswith(prefix)), key=lambda e: -e["created"])
            if found:
                matched = found[0]
                break
    output("cache-primary-key", key)
    if matched is None:
        output("cache-hit", "false")
        if inp("fail-on-cache-miss", "false") == "true":
            fail(f"Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: {key}")
        print(f"Cache not found for input keys: {', '.join([key, *lines('restore-keys')])}")
        return
    with tarfile.open(matched["file"]) as tar:
        tar.extractall(workspace)
    output("cache-matched-key", matched["key"])
    output("cache-hit", "true" if matched["key"] == key else "false")
    print(f"Cache restored from key: {matched['key']}")


def cache_save():
    key, paths = inp("key"), lines("path")
    workspace = os.environ["GITHUB_WORKSPACE"]
    entry = cache_entry(key, paths)
    if os.path.exists(entry + ".json"):
        print(f"::warning::Failed to save: Unable to reserve cache with key {key}, another job may be creating this cache.")
        return
    present = [p for p in paths if os.path.exists(os.path.join(workspace, p))]
    if not present:
        print("::warning::Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.")
        return
    os.makedirs(os.path.dirname(entry), exist_ok=True)
    with tarfile.open(entry + ".tar", "w") as tar:
        for p in present:
            tar.add(os.path.join(workspace, p), arcname=p)
    with open(entry + ".json", "w") as f:
        json.dump({"key": key, "paths": paths, "file": entry + ".tar", "created": time.time()}, f)
    print(f"Cache saved with key: {key}")


def cache_post():
    if os.environ.get("STATE_cache_hit") == "true":
        print(f"Cache hit occurred on the primary key {inp('key')}, not saving cache.")
        return
    cache_save()


def cache_main():
    cache_restore()
    hit = "false"
    with open(os.environ["GITHUB_OUTPUT"]) as f:
        for line in f:
            if line.startswith("cache-hit="):
                hit = line.strip().split("=", 1)[1]
    with open(os.environ["GITHUB_STATE"], "a") as f:
        f.write(f"cache_hit={hit}\n")


def artifacts():
    return os.path.join(os.environ["HARNESS_RUN"], "artifacts")


def upload_artifact():
    name = inp("name", "artifact")
    workspace = os.environ["GITHUB_WORKSPACE"]
    files = []
    for pattern in lines("path"):
        for match in glob.glob(os.path.join(workspace, pattern), recursive=True):
            files.append(match)
    if not files:
        if inp("if-no-files-found", "warn") == "error":
            fail(f"No files were found with the provided path: {inp('path')}. No artifacts will be uploaded.")
        print(f"::warning::No files were found with the provided path: {inp('path')}. No artifacts will be uploaded.")
        return
    target = os.path.join(artifacts(), name)
    if os.path.exists(target):
        if inp("overwrite", "false") != "true":
            fail(f"Failed to CreateArtifact: an artifact with this name already exists on the workflow run: {name}")
        shutil.rmtree(target)
    os.makedirs(target)
    root = os.path.commonpath([os.path.dirname(f) if os.path.isfile(f) else f for f in files]) if len(files) > 1 \
        else (os.path.dirname(files[0]) if os.path.isfile(files[0]) else files[0])
    for f in files:
        dest = os.path.join(target, os.path.relpath(f, root))
        if os.path.isdir(f):
            shutil.copytree(f, dest, symlinks=True, dirs_exist_ok=True)
        else:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(f, dest)
    print(f"Artifact {name} uploaded")
    output("artifact-id", name)


def download_artifact():
    name = inp("name")
    workspace = os.environ["GITHUB_WORKSPACE"]
    source = os.path.join(artifacts(), name)
    if not os.path.isdir(source):
        fail(f"Unable to download artifact(s): Artifact not found for name: {name}")
    target = os.path.join(workspace, inp("path", "."))
    shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
    print(f"Artifact {name} downloaded to {target}")
    output("download-path", target)


def setup_node():
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if not version:
        fail("node is not installed on this host")
    print(f"setup-node: node-version {inp('node-version')} requested; the host's node {version} stands in")
    output("node-version", version)


COMMANDS = {
    "checkout": checkout, "cache-restore": cache_restore, "cache-save": cache_save, "cache-main": cache_main,
    "cache-post": cache_post, "upload-artifact": upload_artifact, "download-artifact": download_artifact,
    "setup-node": setup_node,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]]()
