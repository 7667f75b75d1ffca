#!/usr/bin/env python3
"""A small, real HTTP server on loopback that implements the few GitHub REST endpoints
release-mirror's issue sink uses, for tests. Python 3 standard library only.

Endpoints (JSON in and out, GitHub's shapes):
  GET    /repos/{owner}/{repo}/issues?state=open&labels=a,b&per_page=N&page=P   list issues
  POST   /repos/{owner}/{repo}/issues                                          create {title, body, labels}
  PATCH  /repos/{owner}/{repo}/issues/{n}                                      update {state, state_reason}
  POST   /repos/{owner}/{repo}/issues/{n}/comments                             comment {body}
  GET    /repos/{owner}/{repo}/issues/{n}/comments                             list comments
  GET    /repos/{owner}/{repo}/releases?per_page=N&page=P                        list releases (newest first)
  POST   /repos/{owner}/{repo}/releases                                        create {tag_name, name, body} (422 if the tag has one)
  GET    /repos/{owner}/{repo}/releases/{id}                                   one release
  GET    /repos/{owner}/{repo}/releases/tags/{tag}                             the release of a tag (404 if none)
  POST   /repos/{owner}/{repo}/releases/{id}/assets?name=N                     upload an asset (raw body; 422 if N exists);
                                                                               a release's `upload_url` points here
  GET    /repos/{owner}/{repo}/releases/assets/{id}                            an asset: its JSON, or its bytes with
                                                                               `Accept: application/octet-stream`
  PATCH  /repos/{owner}/{repo}/releases/{id}                                   update {body, name}
  POST   /repos/{owner}/{repo}/actions/workflows/{id}/dispatches               dispatch {ref, inputs}: 204
  PUT    /repos/{owner}/{repo}/actions/workflows/{id}/enable                   re-enable a workflow: 204
Every API request must carry `Authorization: Bearer <--token>` (else 401); --token may be repeated.

Control endpoints (no auth):
  POST /_control/fail   {"count": N, "status": 502, "retry_after": "0", "body": "..."}
                        the next N API requests fail with that status (and Retry-After when given)
  GET  /_control/state  {"issues": [... with "comments"], "releases": [...], "requests": [{method, path, authorized}],
                         "dispatches": [{repo, workflow, ref, inputs}], "enabled": [{repo, workflow}]}
  POST /_control/release {"repo": "o/r", "tag_name": "...", "body": "..."}  add a release (as a person would)
  POST /_control/reset  forget everything

Usage: fake_github.py --token TOKEN [--port 0]; prints `PORT <n>` on stdout once listening.
"""
import argparse
import hashlib
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
STATE = {"issues": [], "releases": [], "requests": [], "fail": {"count": 0}, "dispatches": [], "enabled": [],
         "assets": []}


def reset():
    STATE["issues"] = []
    STATE["releases"] = []
    STATE["assets"] = []
    STATE["dispatches"] = []
    STATE["enabled"] = []
    STATE["requests"] = []
    STATE["fail"] = {"count": 0}


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeGitHub/1.0"
    protocol_version = "HTTP/1.1"
    tokens = ()

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def _send(self, status, payload=None, headers=None, raw=None):
        data = raw if raw is not None else (b"" if payload is None else json.dumps(payload).encode())
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream" if raw is not None else "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else {}

    def _issue_view(self, issue, host):
        repo = issue["repo"]
        return {
            "number": issue["number"],
            "title": issue["title"],
            "body": issue["body"],
            "state": issue["state"],
            "state_reason": issue.get("state_reason"),
            "labels": [{"name": n} for n in issue["labels"]],
            "html_url": f"http://{host}/{repo}/issues/{issue['number']}",
            "comments": len(issue["comments"]),
        }

    def _release_view(self, release, host):
        repo = release["repo"]
        return {"id": release["id"], "tag_name": release["tag_name"], "name": release["name"],
                "body": release["body"], "html_url": f"http://{host}/{repo}/releases/tag/{release['tag_name']}",
                "upload_url": f"http://{host}/repos/{repo}/releases/{release['id']}/assets{{?name,label}}",
                "assets": [self._asset_view(a, host) for a in STATE["assets"] if a["release"] == release["id"]]}

    def _asset_view(self, asset, host):
        return {"id": asset["id"], "name": asset["name"], "size": len(asset["data"]),
                "content_type": "application/octet-stream",
                "url": f"http://{host}/repos/{asset['repo']}/releases/assets/{asset['id']}",
                "browser_download_url": f"http://{host}/{asset['repo']}/releases/download/{asset['tag']}/{asset['name']}"}

    def _assets(self, method, repo, release_id, asset_id, query, host):
        """Asset upload (raw body) and download (bytes with Accept: application/octet-stream)."""
        if release_id is not None and method == "POST":
            release = next((r for r in STATE["releases"] if r["repo"] == repo and r["id"] == release_id), None)
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length) if length else b""
            if release is None:
                return self._send(404, {"message": "Not Found"})
            name = query.get("name", [""])[0]
            if not name:
                return self._send(422, {"message": "Validation Failed: name is required"})
            if any(a["release"] == release_id and a["name"] == name for a in STATE["assets"]):
                return self._send(422, {"message": "Validation Failed: already_exists name"})
            asset = {"id": len(STATE["assets"]) + 1, "release": release_id, "repo": repo, "tag": release["tag_name"],
                     "name": name, "data": data}
            STATE["assets"].append(asset)
            return self._send(201, self._asset_view(asset, host))
        asset = next((a for a in STATE["assets"] if a["repo"] == repo and a["id"] == asset_id), None)
        if asset is None or method != "GET":
            return self._send(404, {"message": "Not Found"})
        if "application/octet-stream" in self.headers.get("Accept", ""):
            return self._send(200, raw=asset["data"])
        return self._send(200, self._asset_view(asset, host))

    def _add_release(self, repo, body, host):
        release = {"repo": repo, "id": len(STATE["releases"]) + 1, "tag_name": body["tag_name"],
                   "name": body.get("name") or body["tag_name"], "body": body.get("body", "")}
        STATE["releases"].append(release)
        return self._release_view(release, host)

    def _releases(self, method, repo, number, query, body, host):
        if number is None and method == "GET":
            per_page = int(query.get("per_page", ["30"])[0])
            page = int(query.get("page", ["1"])[0])
            found = sorted((r for r in STATE["releases"] if r["repo"] == repo), key=lambda r: -r["id"])
            return self._send(200, [self._release_view(r, host) for r in found[(page - 1) * per_page: page * per_page]])
        if number is None and method == "POST":
            if not body.get("tag_name"):
                return self._send(422, {"message": "Validation Failed"})
            if any(r["repo"] == repo and r["tag_name"] == body["tag_name"] for r in STATE["releases"]):
                return self._send(422, {"message": "Validation Failed: already_exists tag_name"})
            return self._send(201, self._add_release(repo, body, host))
        release = next((r for r in STATE["releases"] if r["repo"] == repo and r["id"] == number), None)
        if release is None:
            return self._send(404, {"message": "Not Found"})
        if method == "PATCH":
            for key in ("body", "name"):
                if key in body:
                    release[key] = body[key]
        return self._send(200, self._release_view(release, host))

    def _handle(self, method):
        url = urlparse(self.path)
        path = url.path
        query = parse_qs(url.query)
        uploading = re.fullmatch(r"/repos/[^/]+/[^/]+/releases/\d+/assets", path) is not None
        body = self._body() if method in ("POST", "PATCH", "PUT") and not uploading else {}
        host = self.headers.get("Host", "127.0.0.1")

        if path.startswith("/_control/"):
            with LOCK:
                if path == "/_control/fail" and method == "POST":
                    STATE["fail"] = {
                        "count": int(body.get("count", 1)),
                        "status": int(body.get("status", 502)),
                        "retry_after": body.get("retry_after"),
                        "body": body.get("body", "Bad Gateway"),
                    }
                    return self._send(200, {"ok": True})
                if path == "/_control/state" and method == "GET":
                    issues = []
                    for i in STATE["issues"]:
                        view = self._issue_view(i, host)
                        view["labels"] = i["labels"]
                        view["comments"] = i["comments"]
                        issues.append(view)
                    releases = [self._release_view(r, host) for r in STATE["releases"]]
                    for release in releases:
                        for asset in release["assets"]:
                            data = next(a["data"] for a in STATE["assets"] if a["id"] == asset["id"])
                            asset["sha256"] = hashlib.sha256(data).hexdigest()
                    return self._send(200, {"issues": issues, "releases": releases, "requests": STATE["requests"],
                                            "dispatches": STATE["dispatches"], "enabled": STATE["enabled"]})
                if path == "/_control/release" and method == "POST":
                    return self._send(200, self._add_release(body["repo"], body, host))
                if path == "/_control/reset" and method == "POST":
                    reset()
                    return self._send(200, {"ok": True})
            return self._send(404, {"message": "Not Found"})

        auth = self.headers.get("Authorization", "")
        with LOCK:
            STATE["requests"].append({"method": method, "path": self.path, "authorized": auth in self._accepted()})
            fail = STATE["fail"]
            if fail["count"] > 0:
                fail["count"] -= 1
                headers = {}
                if fail.get("retry_after") is not None:
                    headers["Retry-After"] = str(fail["retry_after"])
                return self._send(fail["status"], {"message": fail.get("body", "failure")}, headers)
        if auth not in self._accepted():
            if uploading:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
            return self._send(401, {"message": "Bad credentials"})

        a = re.fullmatch(r"/repos/([^/]+)/([^/]+)/releases/(?:(\d+)/assets|assets/(\d+))", path)
        if a:
            with LOCK:
                return self._assets(method, f"{a.group(1)}/{a.group(2)}", int(a.group(3)) if a.group(3) else None,
                                    int(a.group(4)) if a.group(4) else None, query, host)
        t = re.fullmatch(r"/repos/([^/]+)/([^/]+)/releases/tags/(.+)", path)
        if t and method == "GET":
            with LOCK:
                repo = f"{t.group(1)}/{t.group(2)}"
                release = next((r for r in STATE["releases"] if r["repo"] == repo and r["tag_name"] == t.group(3)), None)
                return self._send(404, {"message": "Not Found"}) if release is None else \
                    self._send(200, self._release_view(release, host))

        r = re.fullmatch(r"/repos/([^/]+)/([^/]+)/releases(?:/(\d+))?", path)
        if r:
            with LOCK:
                return self._releases(method, f"{r.group(1)}/{r.group(2)}", int(r.group(3)) if r.group(3) else None,
                                      query, body, host)
        w = re.fullmatch(r"/repos/([^/]+/[^/]+)/actions/workflows/([^/]+)/(dispatches|enable)", path)
        if w:
            return self._workflow(method, w.group(1), w.group(2), w.group(3), body)
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues(?:/(\d+)(/comments)?)?", path)
        if not m:
            return self._send(404, {"message": "Not Found"})
        repo = f"{m.group(1)}/{m.group(2)}"
        number = int(m.group(3)) if m.group(3) else None
        comments = bool(m.group(4))
        with LOCK:
            if number is None and method == "GET":
                state = query.get("state", ["open"])[0]
                labels = [l for l in query.get("labels", [""])[0].split(",") if l]
                per_page = int(query.get("per_page", ["30"])[0])
                page = int(query.get("page", ["1"])[0])
                found = [i for i in STATE["issues"] if i["repo"] == repo
                         and (state == "all" or i["state"] == state)
                         and all(l in i["labels"] for l in labels)]
                found.sort(key=lambda i: -i["number"])
                chunk = found[(page - 1) * per_page: page * per_page]
                return self._send(200, [self._issue_view(i, host) for i in chunk])
            if number is None and method == "POST":
                if not body.get("title"):
                    return self._send(422, {"message": "Validation Failed"})
                issue = {"repo": repo, "number": len(STATE["issues"]) + 1, "title": body["title"],
                         "body": body.get("body", ""), "labels": list(body.get("labels", [])), "state": "open",
                         "comments": []}
                STATE["issues"].append(issue)
                return self._send(201, self._issue_view(issue, host))
            issue = next((i for i in STATE["issues"] if i["repo"] == repo and i["number"] == number), None)
            if issue is None:
                return self._send(404, {"message": "Not Found"})
            if comments and method == "POST":
                issue["comments"].append(body.get("body", ""))
                return self._send(201, {"id": len(issue["comments"]), "body": body.get("body", "")})
            if comments and method == "GET":
                return self._send(200, [{"id": n + 1, "body": b} for n, b in enumerate(issue["comments"])])
            if not comments and method == "PATCH":
                if "state" in body:
                    issue["state"] = body["state"]
                    issue["state_reason"] = body.get("state_reason")
                return self._send(200, self._issue_view(issue, host))
            if not comments and method == "GET":
                return self._send(200, self._issue_view(issue, host))
        return self._send(405, {"message": "Method Not Allowed"})

    def _accepted(self):
        return {f"Bearer {t}" for t in self.tokens}

    def _workflow(self, method, repo, workflow, action, body):
        """Workflow dispatch (POST, needs `ref`) and enable (PUT), answered 204 like GitHub."""
        with LOCK:
            if action == "dispatches" and method == "POST":
                if not body.get("ref"):
                    return self._send(422, {"message": "Invalid request: ref is required"})
                STATE["dispatches"].append({"repo": repo, "workflow": workflow, "ref": body["ref"],
                                            "inputs": body.get("inputs", {})})
                return self._send(204)
            if action == "enable" and method == "PUT":
                STATE["enabled"].append({"repo": repo, "workflow": workflow})
                return self._send(204)
        return self._send(405, {"message": "Method Not Allowed"})

    def do_GET(self):
        self._handle("GET")

    def do_PUT(self):
        self._handle("PUT")

    def do_POST(self):
        self._handle("POST")

    def do_PATCH(self):
        self._handle("PATCH")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--token", required=True, action="append")
    p.add_argument("--port", type=int, default=0)
    a = p.parse_args()
    Handler.tokens = tuple(a.token)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
