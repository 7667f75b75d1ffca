#!/usr/bin/env python3
"""The local GitHub's git hosting: every bare repository under --root served over smart HTTP by
`git http-backend` (CGI), behind HTTP basic auth, on 127.0.0.1, over HTTPS with --cert/--key (a
self-signed certificate the harness makes per local GitHub; clients trust it through their CA
settings): the tool sends a token only over https://, as GitHub is only served over it.

Tokens and what they may do come from --tokens, a JSON file {"<token>": {"kind": "...", "scopes":
[...]}}: `contents:read`, `contents:write`, `workflows:write`. Like GitHub:
  - a fetch needs `contents:read`, a push `contents:write` (else 403);
  - a push whose new commits add, change or delete a file under `.github/workflows/` needs
    `workflows:write`: the pre-receive hook refuses it with GitHub's message;
  - every accepted ref update is appended to <repo>/push-log.jsonl with the token's kind, so the
    harness can apply the push-event rule (which workflows a push starts).
Prints `PORT <n>` once listening.
"""
import argparse
import base64
import json
import os
import re
import ssl
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOOK = r'''#!/usr/bin/env python3
import json, os, subprocess, sys
scopes = os.environ.get("HARNESS_TOKEN_SCOPES", "").split()
kind = os.environ.get("HARNESS_TOKEN_KIND", "")
updates = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
zero = "0" * 40
def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout
if "workflows:write" not in scopes:
    for old, new, ref in updates:
        if new == zero:
            continue
        commits = git("rev-list", new, "--not", "--all").split()
        for commit in commits:
            paths = git("diff-tree", "-r", "--root", "-m", "--no-commit-id", "--name-only", commit).split()
            touched = [p for p in paths if p.startswith(".github/workflows/")]
            if touched:
                who = "a GitHub App" if kind == "actions" else "a Personal Access Token"
                need = "`workflows` permission" if kind == "actions" else "`workflows` write permission"
                print(f"refusing to allow {who} to create or update workflow `{touched[0]}` without {need}")
                sys.exit(1)
with open(os.path.join(os.environ.get("GIT_DIR", "."), "push-log.jsonl"), "a") as log:
    for old, new, ref in updates:
        log.write(json.dumps({"ref": ref, "old": old, "new": new, "kind": kind}) + "\n")
'''


def install_hook(repo):
    path = os.path.join(repo, "hooks", "pre-receive")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(HOOK)
    os.chmod(path, 0o755)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = ""
    tokens = {}
    backend = ""

    def log_message(self, fmt, *args):
        pass

    def _refuse(self, status, message, challenge=False):
        data = (message + "\n").encode()
        self.send_response(status)
        if challenge:
            self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _grant(self):
        header = self.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return None
        try:
            _, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except Exception:
            return None
        return self.tokens.get(password)

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self, method):
        path, _, query = self.path.partition("?")
        # GitHub serves /owner/name and /owner/name.git alike.
        path = re.sub(r"^/([^/]+)/([^/]+?)(?:\.git)?(/.*)$", r"/\1/\2.git\3", path)
        body = self._body() if method == "POST" else b""
        grant = self._grant()
        if grant is None:
            return self._refuse(401, "Authentication required", challenge=True)
        pushing = path.endswith("/git-receive-pack") or "service=git-receive-pack" in query
        need = "contents:write" if pushing else "contents:read"
        if need not in grant["scopes"]:
            return self._refuse(403, f"Permission to {path.split('/info/')[0].split('/git-')[0]} denied: the token lacks {need}")
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": self.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REQUEST_METHOD": method,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": "x-access-token",
            "REMOTE_ADDR": "127.0.0.1",
            "HARNESS_TOKEN_KIND": grant["kind"],
            "HARNESS_TOKEN_SCOPES": " ".join(grant["scopes"]),
        }
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        done = subprocess.run([self.backend], input=body, env=env, capture_output=True)
        head, _, payload = done.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = done.stdout.partition(b"\n\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", required=True)
    p.add_argument("--tokens", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert", required=True, help="PEM certificate for 127.0.0.1 (HTTPS)")
    p.add_argument("--key", required=True, help="PEM private key of --cert")
    a = p.parse_args()
    Handler.root = os.path.abspath(a.root)
    with open(a.tokens) as f:
        Handler.tokens = json.load(f)
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True).stdout.strip()
    Handler.backend = os.path.join(exec_path, "git-http-backend")
    for dirpath, dirnames, _ in os.walk(Handler.root):
        if os.path.exists(os.path.join(dirpath, "HEAD")) and os.path.isdir(os.path.join(dirpath, "objects")):
            install_hook(dirpath)
            dirnames.clear()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(a.cert, a.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
