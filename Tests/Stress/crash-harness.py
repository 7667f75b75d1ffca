#!/usr/bin/env python3
"""Crash-safety harness for `release-mirror sync`: SIGKILL at many points, re-run, check.

For each trial a copy of a starting state (an empty mirror for the first sync, a mirror synced
to an older upstream for the incremental sync) is synced against a large upstream served by
`git daemon` on loopback, with the mirror's origin also served by it (real receive-pack). The run
is killed with SIGKILL after a delay; the delays are spread evenly over a clean run's duration.
While it runs, a sampler records every value the mirror's and origin's release tags and branch
take. After the kill:
  - every ref resolves (`git for-each-ref` is clean), `git fsck --connectivity-only` passes;
  - no release tag ever pointed anywhere but upstream's object (every sampled value is checked);
  - the run lock is free (`git-probe lock`);
then `sync` is re-run to completion, and:
  - it exits 0 and leaves no `*.lock` file in the mirror or the origin;
  - the final refs of mirror and origin equal a clean run's (the time-stamped sync record aside;
    smoke notes compared by the commits they annotate);
  - a further run says "up to date".

Usage: crash-harness.py --binary PATH --probe PATH [--trials N] [--commits N] [--releases N]
                        [--files N] [--smoke] [--json FILE] [--seed N] [--keep DIR]
Prints one line per trial and a summary; exits 1 when a trial failed or fewer kills than
requested landed inside a run.
"""
import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TAG_PREFIX = "refs/tags/@moonshot-ai/kimi-code@"
GIT_ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
for key in list(GIT_ENV):
    if key.startswith(("RELEASE_MIRROR_", "GITHUB_")) and key != "RELEASE_MIRROR_PRODUCTS":
        del GIT_ENV[key]


def git(*args, cwd=None, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r


def refs(repo, prefix="refs/"):
    r = git("-C", repo, "for-each-ref", "--format=%(refname) %(objectname)", prefix, check=False)
    if r.returncode != 0 or r.stderr.strip():
        raise RuntimeError(f"for-each-ref in {repo}: {r.stderr.strip()}")
    out = {}
    for line in r.stdout.splitlines():
        name, _, sha = line.partition(" ")
        out[name] = sha
    return out


def content(repo):
    """Refs that describe mirror content: the sync record is time-stamped, notes are compared by
    the commits they annotate (their JSON holds times and durations)."""
    result = {k: v for k, v in refs(repo).items() if not k.startswith("refs/release-mirror/last-sync") and k != "refs/notes/release-mirror"}
    notes = git("-C", repo, "notes", "--ref=refs/notes/release-mirror", "list", check=False)
    annotated = sorted(line.split()[1] for line in notes.stdout.splitlines() if len(line.split()) == 2)
    if annotated:
        result["notes"] = ",".join(annotated)
    return result


def lock_files(repo):
    found = []
    for base, _dirs, files in os.walk(repo):
        for f in files:
            if f.endswith(".lock") and f != "release-mirror.lock":
                found.append(os.path.relpath(os.path.join(base, f), repo))
    return found


def integrity(repo):
    problems = []
    try:
        refs(repo)
    except RuntimeError as e:
        problems.append(str(e))
    r = git("-C", repo, "fsck", "--connectivity-only", "--no-dangling", check=False)
    if r.returncode != 0:
        problems.append("fsck: " + (r.stderr or r.stdout).strip()[:500])
    return problems


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Daemon:
    def __init__(self, base):
        exec_path = git("--exec-path").stdout.strip()
        for _ in range(20):
            self.port = free_port()
            self.proc = subprocess.Popen(
                [exec_path + "/git-daemon", "--reuseaddr", "--listen=127.0.0.1", f"--port={self.port}", f"--base-path={base}",
                 "--export-all", "--enable=receive-pack", base],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=GIT_ENV)
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    return
                except OSError:
                    if self.proc.poll() is not None:
                        break
                    time.sleep(0.05)
            self.proc.kill()
        raise RuntimeError("git daemon did not start")

    def url(self, name):
        return f"git://127.0.0.1:{self.port}/{name}"

    def stop(self):
        self.proc.kill()
        self.proc.wait()


class Sampler(threading.Thread):
    """Polls the release tags and the mirror branch of some repositories, recording every value."""

    def __init__(self, repos, allowed_tags, allowed_branch):
        super().__init__(daemon=True)
        self.repos = repos
        self.allowed_tags = allowed_tags
        self.allowed_branch = allowed_branch
        self.stop_event = threading.Event()
        self.samples = 0
        self.values = set()
        self.violations = []

    def check(self):
        for repo in self.repos:
            if not os.path.isdir(repo):
                continue
            try:
                current = refs(repo, "refs/tags/")
                branch = refs(repo, "refs/heads/upstream-main")
            except RuntimeError as e:
                if "not a git repository" in str(e):
                    continue  # the first sync is still creating it
                self.violations.append(f"unreadable refs while running: {e}")
                continue
            self.samples += 1
            for name, sha in current.items():
                self.values.add((os.path.basename(repo), name, sha))
                if not name.startswith(TAG_PREFIX):
                    continue
                if self.allowed_tags.get(name) != sha:
                    self.violations.append(f"{os.path.basename(repo)}: {name} observed at {sha}, upstream has {self.allowed_tags.get(name)}")
            for name, sha in branch.items():
                if sha not in self.allowed_branch:
                    self.violations.append(f"{os.path.basename(repo)}: {name} observed at {sha}, not an upstream tip")

    def run(self):
        while not self.stop_event.is_set():
            self.check()
            time.sleep(0.01)

    def finish(self):
        self.stop_event.set()
        self.join()
        self.check()


def write_config(path, upstream, remote, smoke):
    smoke_section = ('[smoke]\non = "new-releases"\ncommand = ["sh", "-c", "sleep 0.02"]\ntimeout-seconds = 60\n'
                     if smoke else '[smoke]\non = "never"\n')
    with open(path, "w") as f:
        f.write(f'[upstream]\nurl = "{upstream}"\n\n[mirror]\nrepository = "mirror.git"\nremote = "{remote}"\n\n{smoke_section}')


def run_sync(binary, cwd, env, timeout=900):
    started = time.monotonic()
    r = subprocess.run([binary, "sync"], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return r, time.monotonic() - started


def last_step(text):
    steps = [l.strip() for l in text.splitlines() if l.startswith("• ") or "receiving objects" in l or "sending objects" in l
             or l.startswith("┌ smoke")]
    return steps[-1][:60] if steps else "(start-up)"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--probe", required=True)
    p.add_argument("--trials", type=int, default=60, help="kill trials, split between first and incremental sync")
    p.add_argument("--commits", type=int, default=20000)
    p.add_argument("--releases", type=int, default=150)
    p.add_argument("--files", type=int, default=300)
    p.add_argument("--smoke", action="store_true", help="smoke new releases in the incremental sync (a 20 ms hook)")
    p.add_argument("--seed", type=int, default=20260101)
    p.add_argument("--spread", type=float, default=0.9, help="kill points spread over this fraction of a clean run")
    p.add_argument("--min-landed", type=float, default=0.9, help="fraction of kills that must land inside a run")
    p.add_argument("--min-kills", type=int, default=0, help="kills that must land inside a run (absolute)")
    p.add_argument("--json", default="")
    p.add_argument("--keep", default="", help="keep the work directory here")
    a = p.parse_args()
    rng = random.Random(a.seed)

    work = a.keep or tempfile.mkdtemp(prefix="rm-crash-")
    os.makedirs(work, exist_ok=True)
    srv = os.path.join(work, "srv")
    os.makedirs(srv, exist_ok=True)
    env = {k: v for k, v in GIT_ENV.items() if not k.startswith("GIT_")}
    summary = {"trials": 0, "kills_landed": 0, "passed": 0, "failed": 0, "failures": [], "samples": 0,
               "observed_tag_values": 0, "violations": 0, "phases": {}, "stale_locks_after_kill": 0}
    daemon = None
    try:
        t0 = time.monotonic()
        up_b = os.path.join(srv, "up-b.git")
        gen = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-upstream.py"), up_b, "--bare",
                              "--commits", str(a.commits), "--releases", str(a.releases), "--files", str(a.files),
                              "--unrelated", "3"], capture_output=True, text=True)
        if gen.returncode != 0:
            raise RuntimeError("gen-upstream: " + gen.stderr)
        # Upstream A: B as it was 40% of the releases ago (same objects, an older tip, fewer tags).
        up_a = os.path.join(srv, "up-a.git")
        git("clone", "-q", "--mirror", up_b, up_a)
        tags_b = {k: v for k, v in refs(up_b, "refs/tags/").items() if k.startswith(TAG_PREFIX)}
        release_commits = git("-C", up_b, "log", "--format=%H", "--first-parent", "main").stdout.split()
        tip_a = release_commits[max(1, len(release_commits) * 2 // 5)]
        git("-C", up_a, "update-ref", "refs/heads/main", tip_a)
        for name in list(refs(up_a, "refs/tags/")):
            if git("-C", up_a, "merge-base", "--is-ancestor", name, "main", check=False).returncode != 0:
                git("-C", up_a, "update-ref", "-d", name)
        tip_b = refs(up_b, "refs/heads/main")["refs/heads/main"]
        daemon = Daemon(srv)
        print(f"upstream: {a.commits} commits, {len(tags_b)} release tags; older upstream: "
              f"{len([k for k in refs(up_a, 'refs/tags/') if k.startswith(TAG_PREFIX)])} tags "
              f"(generated in {time.monotonic() - t0:.1f} s)", flush=True)

        def prepare(kind, name):
            """A trial directory holding the starting state of `kind`; returns (dir, origin path)."""
            trial = os.path.join(srv, name)
            if os.path.exists(trial):
                shutil.rmtree(trial)
            if kind == "first":
                os.makedirs(trial)
                git("init", "-q", "--bare", os.path.join(trial, "origin.git"))
            else:
                shutil.copytree(os.path.join(srv, "base-incremental"), trial, symlinks=True)
            write_config(os.path.join(trial, "release-mirror.toml"), daemon.url("up-b.git"), daemon.url(f"{name}/origin.git"),
                         a.smoke and kind == "incremental")
            return trial

        # The incremental starting state: a clean sync against upstream A.
        base = os.path.join(srv, "base-incremental")
        os.makedirs(base)
        git("init", "-q", "--bare", os.path.join(base, "origin.git"))
        write_config(os.path.join(base, "release-mirror.toml"), daemon.url("up-a.git"), daemon.url("base-incremental/origin.git"), False)
        r, _ = run_sync(a.binary, base, env)
        if r.returncode != 0:
            raise RuntimeError("base sync failed: " + r.stderr[-2000:])

        clean = {}
        for kind in ("first", "incremental"):
            durations = []
            for attempt in range(2):  # the shorter of two clean runs: kill points must land inside a run
                trial = prepare(kind, f"clean-{kind}")
                r, seconds = run_sync(a.binary, trial, env)
                if r.returncode != 0:
                    raise RuntimeError(f"clean {kind} sync failed: {r.stderr[-2000:]}")
                durations.append(seconds)
                state = {"mirror": content(os.path.join(trial, "mirror.git")), "origin": content(os.path.join(trial, "origin.git"))}
                if kind in clean and {k: clean[kind][k] for k in ("mirror", "origin")} != state:
                    raise RuntimeError(f"two clean {kind} syncs disagree")
                clean[kind] = dict(state, seconds=min(durations))
                shutil.rmtree(trial)
            print(f"clean {kind} sync: {min(durations):.2f} s (of {', '.join(f'{d:.2f}' for d in durations)}), "
                  f"{len(clean[kind]['mirror'])} mirror refs, {len(clean[kind]['origin'])} origin refs", flush=True)

        allowed_branch = {tip_b, refs(up_a, "refs/heads/main")["refs/heads/main"]}
        per_kind = {"first": (a.trials + 1) // 2, "incremental": a.trials // 2}
        observed = set()
        number = 0
        for kind, count in per_kind.items():
            duration = clean[kind]["seconds"]
            for index in range(count):
                number += 1
                # stratified: one kill point per slice of the clean run's duration
                delay = duration * a.spread * (index + rng.random()) / count
                name = f"trial-{number:03d}"
                trial = prepare(kind, name)
                mirror = os.path.join(trial, "mirror.git")
                origin = os.path.join(trial, "origin.git")
                sampler = Sampler([mirror, origin], tags_b, allowed_branch)
                problems = []
                sampler.start()
                log = open(os.path.join(trial, "killed-run.log"), "w+")
                proc = subprocess.Popen([a.binary, "sync"], cwd=trial, env=env, stdout=log, stderr=log)
                time.sleep(delay)
                landed = proc.poll() is None
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                sampler.finish()
                log.seek(0)
                killed_output = log.read()
                log.close()
                phase = last_step(killed_output) if landed else "(finished before the kill)"
                summary["phases"][phase.split(":")[0].split(" at ")[0][:40]] = summary["phases"].get(phase.split(":")[0].split(" at ")[0][:40], 0) + 1
                if landed:
                    summary["kills_landed"] += 1
                # Right after the kill.
                for repo in (mirror, origin):
                    if not os.path.isdir(repo):
                        continue
                    if git("-C", repo, "rev-parse", "--git-dir", check=False).returncode != 0:
                        summary["killed_during_creation"] = summary.get("killed_during_creation", 0) + 1
                        continue  # killed while the first sync created it: no ref exists yet
                    problems += [f"after kill: {p}" for p in integrity(repo)]
                stale = lock_files(mirror) if os.path.isdir(mirror) else []
                if stale:
                    summary["stale_locks_after_kill"] += 1
                if os.path.isdir(mirror) and git("-C", mirror, "rev-parse", "--git-dir", check=False).returncode == 0:
                    probe = subprocess.run([a.probe, "lock", mirror, "0"], capture_output=True, text=True)
                    if probe.returncode != 0:
                        problems.append(f"run lock not free after kill: {probe.stdout.strip()} {probe.stderr.strip()}")
                # Re-run to completion, watched by the sampler too.
                sampler2 = Sampler([mirror, origin], tags_b, allowed_branch)
                sampler2.start()
                r, seconds = run_sync(a.binary, trial, env)
                sampler2.finish()
                if r.returncode != 0:
                    problems.append(f"re-run exited {r.returncode}: {(r.stderr.strip().splitlines() or ['?'])[-1][:400]}")
                for repo in (mirror, origin):
                    left = lock_files(repo)
                    if left:
                        problems.append(f"lock files after the re-run in {os.path.basename(repo)}: {left}")
                    problems += [f"after re-run: {p}" for p in integrity(repo)]
                for side in ("mirror", "origin"):
                    final = content(mirror if side == "mirror" else origin)
                    if final != clean[kind][side]:
                        missing = sorted(set(clean[kind][side]) - set(final))[:5]
                        extra = sorted(set(final) - set(clean[kind][side]))[:5]
                        differ = sorted(k for k in final if k in clean[kind][side] and final[k] != clean[kind][side][k])[:5]
                        problems.append(f"{side} differs from a clean run: missing {missing} extra {extra} different {differ}")
                again, _ = run_sync(a.binary, trial, env)
                if again.returncode != 0 or not again.stdout.startswith("up to date"):
                    problems.append(f"a further run is not 'up to date': exit {again.returncode}: {again.stdout[:200]} {again.stderr[-300:]}")
                for s in (sampler, sampler2):
                    problems += s.violations[:5]
                    summary["violations"] += len(s.violations)
                    summary["samples"] += s.samples
                    observed |= s.values
                summary["trials"] += 1
                status = "ok" if not problems else "FAIL"
                if problems:
                    summary["failed"] += 1
                    summary["failures"].append({"trial": name, "kind": kind, "delay": round(delay, 3), "phase": phase,
                                                "stale_locks": stale, "problems": problems})
                else:
                    summary["passed"] += 1
                    if not a.keep:
                        shutil.rmtree(trial)
                print(f"{name} {kind:11s} kill at {delay:6.2f} s ({phase}): {status}"
                      + (f" [stale locks {stale}]" if stale else "") + ("" if not problems else "\n    " + "\n    ".join(problems)),
                      flush=True)
        summary["observed_tag_values"] = len(observed)
        summary["clean_seconds"] = {k: round(v["seconds"], 2) for k, v in clean.items()}
    finally:
        if daemon:
            daemon.stop()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"crash harness: {summary['passed']} passed, {summary['failed']} failed "
          f"({summary['trials']} trials, {summary['kills_landed']} kills inside a run, {summary['samples']} ref samples, "
          f"{summary['observed_tag_values']} distinct tag values observed, {summary['violations']} violations, "
          f"{summary['stale_locks_after_kill']} kills left a stale ref lock)", flush=True)
    print("kill phases: " + ", ".join(f"{k}: {v}" for k, v in sorted(summary["phases"].items())), flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(summary, f, indent=2)
    enough = summary["kills_landed"] >= max(a.trials * a.min_landed, a.min_kills)
    if not enough:
        print(f"only {summary['kills_landed']} of {a.trials} kills landed inside a run (need {a.min_landed:.0%})", flush=True)
    return 0 if summary["failed"] == 0 and enough else 1


if __name__ == "__main__":
    sys.exit(main())
