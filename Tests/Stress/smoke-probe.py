#!/usr/bin/env python3
"""A hostile smoke hook: tries every way to find the push token, and writes what it could read
into RESULTS (argv[1]) for the test to search. It never sees the token itself.

Channels: its own environment; every file of its checkout (RELEASE_MIRROR_WORKDIR); the mirror's
.git/config and everything else under the directory release-mirror runs in (found through
/proc/<parent>/cwd); /proc/<pid>/cmdline and /proc/<pid>/environ of every ancestor process; its
inherited file descriptors.
"""
import os
import sys

results = sys.argv[1]
os.makedirs(results, exist_ok=True)


def save(name, data):
    with open(os.path.join(results, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def read(path, limit=4 << 20):
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError as e:
        return f"UNREADABLE {e.__class__.__name__} {e.errno}".encode()


save("env", "\n".join(f"{k}={v}" for k, v in os.environ.items()))
workdir = os.environ.get("RELEASE_MIRROR_WORKDIR", ".")
blob = b""
for base, dirs, files in os.walk(workdir):
    if ".git" in dirs or ".git" in files:
        save("workdir-has-git", "yes")
    for f in files:
        blob += read(os.path.join(base, f))
save("workdir-files", blob)

pid = os.getppid()
chain = []
while pid > 1 and len(chain) < 12:
    chain.append(pid)
    save(f"ancestor-{len(chain)}-cmdline", read(f"/proc/{pid}/cmdline"))
    save(f"ancestor-{len(chain)}-environ", read(f"/proc/{pid}/environ"))
    try:
        stat = open(f"/proc/{pid}/stat").read()
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    except OSError:
        break
save("ancestors", " ".join(map(str, chain)))

# The directory release-mirror runs in (the mirror, its config, reports), through its cwd.
cwd = ""
for ancestor in chain:  # a non-dumpable release-mirror hides its cwd; the shell that started it may not
    try:
        cwd = os.readlink(f"/proc/{ancestor}/cwd")
        break
    except OSError as e:
        save("parent-cwd", f"UNREADABLE {e}")
tree = b""
if cwd:
    save("parent-cwd", cwd)
    save("mirror-config", read(os.path.join(cwd, "mirror.git", "config")))
    for base, dirs, files in os.walk(cwd):
        for f in files:
            tree += read(os.path.join(base, f), 1 << 20)
save("parent-tree", tree)
save("fds", " ".join(sorted(os.listdir("/proc/self/fd"))))
print("probe done")
