#!/usr/bin/env python3
"""A local npm registry stand-in on 127.0.0.1 that accepts `npm publish` and records what it got.

  PUT  /<name>             a publish: the packument with one version and its tarball attachment;
                           needs `Authorization: Bearer <--token>`; a version that exists is 403
                           (npm versions are immutable)
  GET  /<name>             the packument (what `npm view`/`npm install` read)
  GET  /<name>/-/<file>    a tarball
  GET  /_control/state     {"publishes": [{name, version, dist-tags, access, manifest, files}]}
Prints `PORT <n>` once listening.
"""
import argparse
import base64
import io
import json
import sys
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

LOCK = threading.Lock()
PACKAGES = {}   # name -> packument
TARBALLS = {}   # "<name>/-/<file>" -> bytes
PUBLISHES = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    token = ""

    def log_message(self, fmt, *args):
        pass

    def _send(self, status, payload, content_type="application/json"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = unquote(self.path.split("?")[0]).lstrip("/")
        with LOCK:
            if path == "_control/state":
                return self._send(200, {"publishes": PUBLISHES})
            if "/-/" in path and path in TARBALLS:
                return self._send(200, TARBALLS[path], "application/octet-stream")
            if path in PACKAGES:
                return self._send(200, PACKAGES[path])
        self._send(404, {"error": "not found"})

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.headers.get("Authorization", "") != f"Bearer {self.token}":
            return self._send(401, {"error": "unauthorized: a publish needs the registry token"})
        doc = json.loads(raw)
        name = doc["name"]
        with LOCK:
            known = PACKAGES.setdefault(name, {"name": name, "versions": {}, "dist-tags": {}})
            for version, manifest in doc.get("versions", {}).items():
                if version in known["versions"]:
                    return self._send(403, {"error": f"cannot publish over the previously published version {version}"})
            files = []
            for file, attachment in doc.get("_attachments", {}).items():
                data = base64.b64decode(attachment["data"])
                TARBALLS[f"{name}/-/{file}"] = data
                with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
                    files = sorted(m.name for m in tar.getmembers() if m.isfile())
            for version, manifest in doc.get("versions", {}).items():
                host = self.headers.get("Host", "127.0.0.1")
                manifest.setdefault("dist", {})["tarball"] = f"http://{host}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
                known["versions"][version] = manifest
                PUBLISHES.append({"name": name, "version": version, "dist-tags": doc.get("dist-tags", {}),
                                  "access": doc.get("access"), "manifest": manifest, "files": files})
            known["dist-tags"].update(doc.get("dist-tags", {}))
        self._send(201, {"ok": True})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--token", required=True)
    p.add_argument("--port", type=int, default=0)
    a = p.parse_args()
    Handler.token = a.token
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
