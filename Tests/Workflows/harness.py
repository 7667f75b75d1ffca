"""The workflow harness: runs the workflows `release-mirror init` writes under nektos/act, on the
host, against a local GitHub (git over smart HTTPS with basic auth, the fake GitHub API, a local npm
registry) and local stand-ins for every `uses:` action. See README.md beside this file.
"""
import base64
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

from substitutions import ACTION_SUBSTITUTIONS, CONFIG_SUBSTITUTIONS, SUBSTITUTIONS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STANDINS = os.path.join(HERE, "actions")
OWNER, NAME = "acme", "mirror"
REPOSITORY = f"{OWNER}/{NAME}"
ZERO = "0" * 40

# The release of release-mirror `init` pins the workflows to (--tool-ref, --tool-repository): each
# local GitHub holds that release, its binary being the one `make test` built (see `publish_tool_release`).
TOOL_REPOSITORY, TOOL_TAG = "acme/release-mirror", "v0.9.0"
TOOL_ASSET = f"release-mirror-{TOOL_TAG}-debian12-x86_64.tar.gz"

# The pinned actions the templates use, each mapped onto its stand-in; release-mirror's own action
# is this repository's action.yml (with ACTION_SUBSTITUTIONS), prepared per local GitHub.
ACTIONS = {
    "actions/checkout": "checkout",
    "actions/cache": "cache",
    "actions/upload-artifact": "upload-artifact",
    "actions/download-artifact": "download-artifact",
    "actions/setup-node": "setup-node",
    TOOL_REPOSITORY: None,
}

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Harness", "GIT_AUTHOR_EMAIL": "harness@example.invalid",
    "GIT_COMMITTER_NAME": "Harness", "GIT_COMMITTER_EMAIL": "harness@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def tool_binary():
    return os.environ.get("RELEASE_MIRROR_BIN") or os.path.join(ROOT, ".build", "debug", "release-mirror")


def tool_commit():
    """The commit the workflows pin release-mirror's action at: this checkout's HEAD."""
    return git("rev-parse", "HEAD", cwd=ROOT)


def prepare_tool_action(directory):
    """release-mirror's composite action as `uses: acme/release-mirror@<commit>` gets it: this
    repository's action.yml and the scripts it runs, with ACTION_SUBSTITUTIONS applied."""
    for name in ("action.yml", "scripts/install-release.sh", "scripts/stamp-build.sh",
                 "Sources/ReleaseMirror/Tool/BuildStamp.swift"):
        with open(os.path.join(ROOT, name)) as f:
            text = f.read()
        if name.startswith("scripts/install-release"):
            text = apply_substitutions(os.path.basename(name), text, ACTION_SUBSTITUTIONS)
        write(directory, {name: text})
        if name.endswith(".sh"):
            os.chmod(os.path.join(directory, name), 0o755)
    return directory


def tool_tarball(directory, binary=None):
    """The release's asset: a tarball holding `release-mirror` (by default the binary `make test` built)."""
    import tarfile
    path = os.path.join(directory, TOOL_ASSET)
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        tar.add(binary or tool_binary(), arcname="release-mirror")
    return path


def act_binary():
    return os.environ.get("ACT_BIN") or shutil.which("act") or "act"


def git(*args, cwd=None, env=None, check=True, input=None):
    merged = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": "/dev/null", **(env or {})}
    done = subprocess.run(["git", *args], cwd=cwd, env=merged, capture_output=True, text=True, input=input)
    if check and done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} in {cwd}: {done.stderr.strip()}")
    return done.stdout.strip()


def apply_substitutions(name, text, substitutions):
    """init's text with every substitution for `name` applied; each must match."""
    for sub in substitutions:
        if name not in sub.files:
            continue
        text, count = re.subn(sub.pattern, sub.replacement, text, flags=re.MULTILINE)
        if count == 0:
            raise AssertionError(f"substitution no longer matches {name} (update Tests/Workflows/substitutions.py): {sub.why}")
    return text


def make_certificate(directory):
    """A fresh self-signed certificate for 127.0.0.1 (its own CA): (certificate, key) paths."""
    # DNS:127.0.0.1 as well as IP:127.0.0.1: libgit2 1.5 (OpenSSL) refuses a certificate for an IP
    # host that names it only as an IP address ("Common Name (CN) does not match").
    cert, key = os.path.join(directory, "tls-cert.pem"), os.path.join(directory, "tls-key.pem")
    done = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1"], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"openssl req (the local GitHub's certificate): {done.stderr.strip()}")
    return cert, key


class Server:
    """A helper server process that prints `PORT <n>` once listening (over https:// when it
    serves TLS)."""

    def __init__(self, argv, log, scheme="http"):
        self.log = open(log, "w")
        self.process = subprocess.Popen([sys.executable, *argv], stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"{argv[0]} did not start: {line!r}, see {log}")
        self.port = int(line.split()[1])
        self.url = f"{scheme}://127.0.0.1:{self.port}"

    def get(self, path):
        import urllib.request
        with urllib.request.urlopen(self.url + path, timeout=10) as r:
            return json.load(r)

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.log.close()


class Run:
    """One workflow run: job results, step outputs, step summaries, annotations and the log."""

    def __init__(self, workflow, event, lines, returncode, seconds):
        self.workflow, self.event, self.returncode, self.seconds = workflow, event, returncode, seconds
        self.jobs, self.outputs, self.summaries, self.steps = {}, {}, {}, {}
        self.log = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                self.log.append(line)
                continue
            job = entry.get("jobID", "?")
            if entry.get("raw_output"):
                self.log.append(f"[{job}] {entry.get('msg', '').rstrip()}")
            elif entry.get("msg"):
                self.log.append(f"[{job}] {entry['msg'].rstrip()}")
            if "jobResult" in entry:
                self.jobs[job] = entry["jobResult"]
            if entry.get("command") == "set-output":
                step = ".".join(entry.get("stepID") or ["?"])
                self.outputs.setdefault(job, {}).setdefault(step, {})[entry["name"]] = entry.get("arg", "")
            if entry.get("command") == "summary":
                self.summaries[job] = self.summaries.get(job, "") + entry.get("content", "")
            if entry.get("stepResult") and entry.get("stepID"):
                self.steps.setdefault(job, {})[".".join(entry["stepID"])] = entry["stepResult"]

    def text(self):
        return "\n".join(self.log)

    def output(self, job, step, name):
        return self.outputs.get(job, {}).get(step, {}).get(name)


class LocalGitHub:
    """One repository on a local GitHub, its upstream fixture, and a workflow runner."""

    def __init__(self, base, upstream, tokens=None, tool_assets="binary"):
        self.base = base
        self.upstream = upstream
        self.hosting = os.path.join(base, "hosting")
        self.bare = os.path.join(self.hosting, OWNER, NAME + ".git")
        self.state = os.path.join(base, "state")  # caches across runs
        os.makedirs(self.state)
        os.makedirs(os.path.dirname(self.bare))
        git("init", "-q", "--bare", "-b", "main", self.bare)
        self.actions_token = "ghs_" + base64.b32encode(os.urandom(10)).decode().lower()
        self.push_token = "github_pat_" + base64.b32encode(os.urandom(10)).decode().lower()
        self.admin_token = "admin_" + base64.b32encode(os.urandom(10)).decode().lower()
        self.npm_token = "npm_" + base64.b32encode(os.urandom(10)).decode().lower()
        self.readonly_token = "ghs_ro_" + base64.b32encode(os.urandom(10)).decode().lower()
        # What each token may do. The Actions token: like a job's GITHUB_TOKEN with contents write
        # at most; never workflows. The push token: a fine-grained token with Contents and Workflows
        # write (what the README asks for). `tokens` lets a scenario change a grant.
        grants = {
            self.actions_token: {"kind": "actions", "scopes": ["contents:read", "contents:write"]},
            self.push_token: {"kind": "pat", "scopes": ["contents:read", "contents:write", "workflows:write"]},
            self.readonly_token: {"kind": "actions", "scopes": ["contents:read"]},
            self.admin_token: {"kind": "admin", "scopes": ["contents:read", "contents:write", "workflows:write"]},
        }
        for token, grant in (tokens or {}).items():
            grants[{"push": self.push_token}.get(token, token)] = grant
        with open(os.path.join(base, "tokens.json"), "w") as f:
            json.dump(grants, f)
        self.secrets = {"GITHUB_TOKEN": self.actions_token}
        # Environment secrets, and the refs each environment may deploy from (GitHub's deployment
        # branch policy): the README's required settings.
        self.environments = {"mirror-push": {"secrets": {"RELEASE_MIRROR_TOKEN": self.push_token}, "refs": ["refs/heads/main"]},
                             "npm-publish": {"secrets": {}, "refs": ["refs/heads/main"]}}
        # The git host serves HTTPS only (the tool never sends a token over plain http://), with a
        # certificate made for this local GitHub; every client trusts it through `ca_environment`.
        self.ca_file, key = make_certificate(base)
        self.git_server = Server([os.path.join(HERE, "localgithub", "git_http.py"), "--root", self.hosting,
                                  "--tokens", os.path.join(base, "tokens.json"), "--cert", self.ca_file, "--key", key],
                                 os.path.join(base, "git-http.log"), scheme="https")
        self.api = Server([os.path.join(ROOT, "Tests", "Fixtures", "github", "fake_github.py"), "--token", self.actions_token,
                           "--token", self.push_token],
                          os.path.join(base, "fake-github.log"))
        self.npm = Server([os.path.join(HERE, "localgithub", "npm_registry.py"), "--token", self.npm_token],
                          os.path.join(base, "npm.log"))
        self.url = f"{self.git_server.url}/{REPOSITORY}"
        self.tool_action = prepare_tool_action(os.path.join(base, "release-mirror-action"))
        self.publish_tool_release(tool_assets)
        self.runs = 0
        self.pushes_seen = 0
        self.triggered = []

    def stop(self):
        for server in (self.git_server, self.api, self.npm):
            server.stop()

    def api_request(self, method, path, data=None, content_type="application/json"):
        import urllib.request
        request = urllib.request.Request(self.api.url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.push_token}", "Content-Type": content_type})
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.load(r)

    def publish_tool_release(self, assets):
        """The release TOOL_TAG of release-mirror on this local GitHub's API, as release.yml makes it:
        `binary` the tarball and its .sha256; `tampered` a .sha256 of other bytes; `none` no asset;
        `absent` no release (a scenario's release workflow makes it)."""
        if assets == "absent":
            return
        release = self.api_request("POST", f"/repos/{TOOL_REPOSITORY}/releases",
                                   json.dumps({"tag_name": TOOL_TAG}).encode())
        if assets == "none":
            return
        import hashlib
        tarball = tool_tarball(self.base)
        with open(tarball, "rb") as f:
            data = f.read()
        digest = hashlib.sha256(data + (b"tampered" if assets == "tampered" else b"")).hexdigest()
        upload = release["upload_url"].split("{")[0]
        self.api_request("POST", f"{upload[len(self.api.url):]}?name={TOOL_ASSET}", data, "application/octet-stream")
        self.api_request("POST", f"{upload[len(self.api.url):]}?name={TOOL_ASSET}.sha256",
                         f"{digest}  {TOOL_ASSET}\n".encode(), "application/octet-stream")

    # --- the repository -------------------------------------------------------------------

    def ca_environment(self):
        """What makes the tool (libgit2) and the git CLI trust the git host's certificate: passed to
        act as environment and to the harness's own git, never written into a workflow file."""
        return {"RELEASE_MIRROR_CA_FILE": self.ca_file, "GIT_SSL_CAINFO": self.ca_file}

    def authed(self, token=None):
        return {**self.ca_environment(), "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"http.{self.git_server.url}/.extraheader",
                "GIT_CONFIG_VALUE_0": "AUTHORIZATION: basic " + base64.b64encode(
                    f"x-access-token:{token or self.admin_token}".encode()).decode()}

    def init_mirror(self):
        """`release-mirror init`, committed; then the config pointed at the fixture, committed:
        a fresh mirror whose default branch has two commits."""
        work = os.path.join(self.base, "init")
        done = subprocess.run([tool_binary(), "init", "--upstream", self.upstream, "--remote", "origin",
                               "--tool-ref", f"{TOOL_TAG}@{tool_commit()}", "--tool-repository", TOOL_REPOSITORY, work],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"release-mirror init: {done.stderr}")
        self.init_files = {}
        for name in os.listdir(os.path.join(work, ".github", "workflows")):
            with open(os.path.join(work, ".github", "workflows", name)) as f:
                self.init_files[name] = f.read()
        git("checkout", "-q", "-b", "main", cwd=work)
        git("add", "-A", cwd=work)
        git("commit", "-q", "-m", "release-mirror init", cwd=work)
        for name, text in self.init_files.items():
            with open(os.path.join(work, ".github", "workflows", name), "w") as f:
                f.write(apply_substitutions(name, text, SUBSTITUTIONS))
        config = os.path.join(work, "release-mirror.toml")
        with open(config) as f:
            text = f.read()
        with open(config, "w") as f:
            f.write(apply_substitutions("release-mirror.toml", text, CONFIG_SUBSTITUTIONS))
        git("commit", "-q", "-am", "Configure the mirror", cwd=work)
        git("push", "-q", self.url, "main:refs/heads/main", cwd=work, env=self.authed())
        self.pushes_seen = len(self.push_log())

    def commit_to_default_branch(self, message, files):
        work = os.path.join(self.base, f"edit-{time.time_ns()}")
        git("clone", "-q", self.url, work, env=self.authed())
        for name, text in files.items():
            path = os.path.join(work, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        git("add", "-A", cwd=work)
        git("commit", "-q", "-m", message, cwd=work)
        git("push", "-q", "origin", "main", cwd=work, env=self.authed())
        self.pushes_seen = len(self.push_log())
        return work

    def refs(self, pattern=""):
        out = git("for-each-ref", "--format=%(refname) %(objectname)", *([pattern] if pattern else []), cwd=self.bare)
        return dict(line.split(" ", 1) for line in out.splitlines() if line)

    def push_log(self, bare=None):
        path = os.path.join(bare or self.bare, "push-log.jsonl")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(l) for l in f if l.strip()]

    def issues(self):
        return self.api.get("/_control/state")["issues"]

    def api_state(self):
        return self.api.get("/_control/state")

    def publishes(self):
        return self.npm.get("/_control/state")["publishes"]

    # --- the push-event rule --------------------------------------------------------------

    def workflows_started_by_push(self, update, bare=None):
        """GitHub runs, for a pushed ref, the workflows in the PUSHED commit's tree whose `on: push`
        matches the ref. Pushes made with a job's GITHUB_TOKEN start nothing. (`bare`: another
        repository on this local GitHub.)"""
        bare = bare or self.bare
        if update["new"] == ZERO or update["kind"] == "actions":
            return []
        commit = git("rev-parse", f"{update['new']}^{{commit}}", cwd=bare, check=False)
        if not commit:
            return []
        names = git("ls-tree", "--name-only", f"{commit}:.github/workflows", cwd=bare, check=False).split()
        started = []
        for name in names:
            if not name.endswith((".yml", ".yaml")):
                continue
            doc = yaml.safe_load(git("show", f"{commit}:.github/workflows/{name}", cwd=bare)) or {}
            on = doc.get("on", doc.get(True))
            push = None
            if on == "push" or (isinstance(on, list) and "push" in on):
                push = {}
            elif isinstance(on, dict) and "push" in on:
                push = on["push"] or {}
            if push is None:
                continue
            ref = update["ref"]
            if ref.startswith("refs/tags/"):
                patterns, short = push.get("tags"), ref[len("refs/tags/"):]
                if patterns is None and push.get("branches") is not None:
                    continue
            else:
                patterns, short = push.get("branches"), ref[len("refs/heads/"):]
                if patterns is None and push.get("tags") is not None:
                    continue
            if patterns is None or any(fnmatch.fnmatch(short, p.replace("**", "*")) for p in patterns):
                started.append({"ref": ref, "commit": commit, "workflow": name, "doc": doc})
        return started

    def secrets_for(self, ref, doc):
        """The secrets a run of `doc` on `ref` would get: repository secrets (none: the README's
        setting) plus the secrets of an environment a job names, when the environment's deployment
        policy admits the ref."""
        granted = {}
        for job in (doc.get("jobs") or {}).values():
            env = job.get("environment")
            env = env.get("name") if isinstance(env, dict) else env
            named = re.search(r"&& '([^']+)' \|\| ''", env or "")
            env = named.group(1) if named else env  # a conditional environment: the most it can be
            if env in self.environments and ref in self.environments[env]["refs"]:
                granted.update(self.environments[env]["secrets"])
        return granted

    def new_pushes(self):
        log = self.push_log()
        fresh, self.pushes_seen = log[self.pushes_seen:], len(log)
        return fresh

    # --- running a workflow ---------------------------------------------------------------

    def run(self, workflow, event="workflow_dispatch", inputs=None, secrets=None):
        """Runs `.github/workflows/<workflow>` from the default branch's tip, as GitHub does for
        schedule and workflow_dispatch events."""
        self.runs += 1
        run_dir = os.path.join(self.base, f"run-{self.runs}")
        project = os.path.join(run_dir, "project")
        git("clone", "-q", "--branch", "main", self.url, project, env=self.authed())
        git("remote", "set-url", "origin", f"https://github.com/{REPOSITORY}.git", cwd=project)
        self.check_only_substitutions(project)
        payload = {"repository": {"full_name": REPOSITORY, "name": NAME, "owner": {"login": OWNER},
                                  "default_branch": "main"}, "ref": "refs/heads/main"}
        if event == "workflow_dispatch":
            payload["inputs"] = inputs or {}
            payload["workflow"] = f".github/workflows/{workflow}"
        if event == "schedule":
            payload["schedule"] = "17 4 * * *"
        with open(os.path.join(run_dir, "event.json"), "w") as f:
            json.dump(payload, f)
        npmrc = os.path.join(run_dir, "npmrc")
        with open(npmrc, "w") as f:
            f.write(f"registry={self.npm.url}/\n//127.0.0.1:{self.npm.port}/:_authToken={self.npm_token}\n")
        env_vars = {
            "HARNESS_STATE": self.state, "HARNESS_RELEASE_MIRROR_BIN": tool_binary(),
            "GITHUB_SERVER_URL": self.git_server.url, "GITHUB_API_URL": self.api.url,
            "NPM_CONFIG_USERCONFIG": npmrc, "GITHUB_RUN_ID": str(9000 + self.runs), **self.ca_environment(),
        }
        secrets = {**self.secrets, **(secrets if secrets is not None else self.run_secrets(workflow))}
        run = act(run_dir, project, workflow, event, inputs, secrets, env_vars, self.init_files.values(),
                  {TOOL_REPOSITORY: self.tool_action})
        run.pushes = self.new_pushes()
        run.started = [s for p in run.pushes for s in self.workflows_started_by_push(p)]
        for s in run.started:
            s["secrets"] = self.secrets_for(s["ref"], s["doc"])
        return run

    def run_started(self, started):
        """Runs, under act, each workflow a push started (one run per pushed ref, as on GitHub),
        on the pushed commit, with exactly the secrets GitHub would give it and a read-only token."""
        runs = []
        for s in started:
            self.runs += 1
            run_dir = os.path.join(self.base, f"run-{self.runs}")
            project = os.path.join(run_dir, "project")
            git("clone", "-q", "--no-checkout", self.bare, project)
            git("checkout", "-q", s["commit"], cwd=project)
            git("remote", "set-url", "origin", f"https://github.com/{REPOSITORY}.git", cwd=project)
            with open(os.path.join(run_dir, "event.json"), "w") as f:
                json.dump({"ref": s["ref"], "after": s["commit"], "repository": {
                    "full_name": REPOSITORY, "default_branch": "main"}}, f)
            env_vars = {"HARNESS_STATE": self.state, "GITHUB_SERVER_URL": self.git_server.url,
                        "GITHUB_API_URL": self.api.url, "GITHUB_RUN_ID": str(9000 + self.runs), **self.ca_environment()}
            secrets = {"GITHUB_TOKEN": self.readonly_token, **s["secrets"]}
            text = git("show", f"{s['commit']}:.github/workflows/{s['workflow']}", cwd=self.bare)
            run = act(run_dir, project, s["workflow"], "push", None, secrets, env_vars, [text],
                      {TOOL_REPOSITORY: self.tool_action})
            run.ref = s["ref"]
            runs.append(run)
        return runs

    def run_secrets(self, workflow):
        """Dispatch and schedule runs are on the default branch: every environment admits them."""
        granted = {}
        for env in self.environments.values():
            if "refs/heads/main" in env["refs"]:
                granted.update(env["secrets"])
        return granted

    def check_only_substitutions(self, project):
        """The workflows act is about to run are init's output with the listed substitutions
        applied, byte for byte; every `uses:` is a pinned action the harness stands in for."""
        directory = os.path.join(project, ".github", "workflows")
        if sorted(os.listdir(directory)) != sorted(self.init_files):
            raise AssertionError(f"workflow files differ from init's: {sorted(os.listdir(directory))}")
        for name, text in self.init_files.items():
            with open(os.path.join(directory, name)) as f:
                if f.read() != apply_substitutions(name, text, SUBSTITUTIONS):
                    raise AssertionError(f"{name} differs from init's output beyond Tests/Workflows/substitutions.py")
            for uses in re.findall(r"uses: (\S+)", text):
                action = "/".join(uses.split("@")[0].split("/")[:2])
                if action not in ACTIONS:
                    raise AssertionError(f"{name}: no stand-in for {uses}")


def act(run_dir, project, workflow, event, inputs, secrets, env_vars, pinned_from, local=None):
    """Runs one workflow of `project` under act, jobs on this host, every pinned action of
    `pinned_from` (workflow texts) mapped onto its stand-in (`local`: action -> directory for those
    prepared per local GitHub); returns the parsed Run."""
    argv = [act_binary(), event, "-W", f".github/workflows/{workflow}", "-e", os.path.join(run_dir, "event.json"),
            "-P", "ubuntu-24.04=-self-hosted", "--no-skip-checkout", "--action-offline-mode", "--no-cache-server",
            "--action-cache-path", os.path.join(run_dir, "act-cache"), "--json", "--concurrent-jobs", "1"]
    for action, standin in ACTIONS.items():
        shas = set()
        for text in pinned_from:
            shas.update(re.findall(rf"uses: {re.escape(action)}(?:/[a-z-]+)?@([0-9a-f]{{40}})", text))
        for sha in sorted(shas):
            directory = (local or {}).get(action) or os.path.join(STANDINS, standin)
            argv += ["--local-repository", f"{action}@{sha}={directory}"]
    for key, value in (inputs or {}).items():
        argv += ["--input", f"{key}={value}"]
    for key, value in secrets.items():
        argv += ["-s", f"{key}={value}"]
    for key, value in {"HARNESS_STANDINS": STANDINS, "HARNESS_RUN": run_dir, **env_vars}.items():
        argv += ["--env", f"{key}={value}"]
    home = os.path.join(run_dir, "home")
    os.makedirs(home, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "ACT", "NPM_CONFIG", "npm_config"))}
    env["HOME"] = home
    env["GIT_TERMINAL_PROMPT"] = "0"   # as on a runner: no terminal to ask for a password
    started = time.monotonic()
    done = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL, start_new_session=True)
    run = Run(workflow, event, done.stdout.splitlines() + done.stderr.splitlines(), done.returncode,
              time.monotonic() - started)
    with open(os.path.join(run_dir, "act.log"), "w") as f:
        f.write(run.text())
    return run


def make_upstream(base, releases=("0.1.0",), broken=(), bumps=()):
    """A small upstream shaped like the reference one: packages/node-sdk with its own build
    script (dist/ with the SDK's exports), release tags @moonshot-ai/kimi-code@X.Y.Z, a LICENSE,
    and upstream's own CI workflow (on every push, using a secret)."""
    path = os.path.join(base, "upstream")
    git("init", "-q", "-b", "main", path)
    files = {
        "LICENSE": "MIT License\n\nCopyright (c) upstream authors\n",
        "packages/node-sdk/build.mjs": BUILD_SCRIPT,
        ".github/workflows/ci.yml": UPSTREAM_CI,
        "README.md": "# upstream\n",
    }
    write(path, files)
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "upstream: initial", cwd=path)
    for version in releases:
        add_release(path, version, broken=version in broken, bumps=version in bumps)
    return path


def add_release(path, version, sdk_version=None, broken=False, bumps=False):
    write(path, {
        "packages/node-sdk/package.json": json.dumps({
            "name": "@moonshot-ai/kimi-code-sdk", "version": sdk_version or version, "private": True, "type": "module",
            "scripts": {"build": "node build.mjs"}, "exports": {".": {"import": "./dist/index.mjs", "types": "./dist/index.d.mts"}},
            "license": "MIT"}, indent=2) + "\n",
        "apps/kimi-code/package.json": json.dumps({"name": "@moonshot-ai/kimi-code", "version": version}) + "\n",
    })
    for flag, on in (("BROKEN", broken), ("BUMPS_VERSION", bumps)):
        flag_file = os.path.join(path, "packages/node-sdk", flag)
        if on:
            write(path, {f"packages/node-sdk/{flag}": "a fixture fault\n"})
        elif os.path.exists(flag_file):
            os.remove(flag_file)
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", f"release {version}", cwd=path)
    git("tag", "-a", "-m", f"Release {version}", f"@moonshot-ai/kimi-code@{version}", cwd=path)
    return git("rev-parse", "HEAD", cwd=path)


def write(root, files):
    for name, text in files.items():
        full = os.path.join(root, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)


BUILD_SCRIPT = """// The fixture upstream's own build: writes dist/ for packages/node-sdk (ESM and types).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
const here = dirname(fileURLToPath(import.meta.url));
// What a hostile build could steal: credential-looking variables and a persisted git credential.
const seen = Object.keys(process.env).filter((k) => /TOKEN|SECRET|PASSWORD|AUTH/i.test(k) && process.env[k]);
const gitConfig = join(here, "..", "..", ".git", "config");
if (existsSync(gitConfig) && /extraheader/i.test(readFileSync(gitConfig, "utf8"))) seen.push(".git/config extraheader");
console.log(`build saw credentials: ${seen.length ? seen.join(", ") : "none"}`);
if (existsSync(join(here, "BROKEN"))) {
  console.error("error TS2307: Cannot find module './session' (this release is broken)");
  process.exit(1);
}
if (existsSync(join(here, "BUMPS_VERSION"))) {
  const manifest = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
  manifest.version = "9.9.9";
  writeFileSync(join(here, "package.json"), JSON.stringify(manifest, null, 2) + "\\n");
}
mkdirSync(join(here, "dist"), { recursive: true });
writeFileSync(join(here, "dist", "index.mjs"), [
  "export class KimiError extends Error {}",
  "export class Session {}",
  "export class KimiHarness { constructor() { this.session = new Session(); } }",
  "export function createKimiHarness() { return new KimiHarness(); }",
  "",
].join("\\n"));
writeFileSync(join(here, "dist", "index.d.mts"), [
  "export declare class KimiError extends Error {}",
  "export declare class Session {}",
  "export declare class KimiHarness { session: Session }",
  "export declare function createKimiHarness(): KimiHarness;",
  "",
].join("\\n"));
console.log("built packages/node-sdk/dist");
"""

UPSTREAM_CI = """# Upstream's own CI: in a mirror, a pushed ref would start it with the mirror's secrets.
name: upstream-ci
on:
  push:
    branches: ["**"]
    tags: ["**"]
jobs:
  release:
    runs-on: ubuntu-24.04
    environment: mirror-push
    steps:
      - run: echo "upstream-ci on $GITHUB_REF saw RELEASE_MIRROR_TOKEN of length ${#T}, NPM_TOKEN of length ${#N}"
        env:
          T: ${{ secrets.RELEASE_MIRROR_TOKEN }}
          N: ${{ secrets.NPM_TOKEN }}
"""
