#!/usr/bin/env python3
"""The echo MCP server of mcp_echo_server.py over streamable HTTP (stdlib only), for the
KimiRuntime tests of MCP over http.

Listens on 127.0.0.1 on an ephemeral port, prints `PORT <n>` on stdout, then serves POST /mcp:
one JSON-RPC message per request, answered as application/json (notifications get 202). GET
(the optional server-to-client stream) is 405. Exits when stdin closes.
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mcp_echo_server import TOOLS, call_tool  # noqa: E402


def answer(message):
    method = message.get("method")
    params = message.get("params") or {}
    if method == "initialize":
        return {
            "protocolVersion": params.get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {"listChanged": False}},
            "serverInfo": {"name": "kimi-runtime-test-http-echo", "version": "1.0.0"},
        }, None
    if method == "tools/list":
        return {"tools": TOOLS}, None
    if method == "tools/call":
        return call_tool(params.get("name", ""), params.get("arguments") or {}), None
    if method == "ping":
        return {}, None
    return None, {"code": -32601, "message": "Method not found: " + str(method)}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            message = json.loads(self.rfile.read(length) or b"null")
        except json.JSONDecodeError:
            self.send_response(400)
            self.end_headers()
            return
        if not isinstance(message, dict) or message.get("id") is None:
            self.send_response(202)
            self.end_headers()
            return
        result, error = answer(message)
        body = {"jsonrpc": "2.0", "id": message["id"]}
        if error is not None:
            body["error"] = error
        else:
            body["result"] = result
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Mcp-Session-Id", "test-session")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send_response(405)
        self.send_header("Allow", "POST")
        self.end_headers()

    def do_DELETE(self):
        self.send_response(200)
        self.end_headers()


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
