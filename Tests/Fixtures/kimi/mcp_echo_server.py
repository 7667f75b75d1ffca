#!/usr/bin/env python3
"""A tiny stdio MCP server (stdlib only) used by the KimiRuntime tests.

Tools:
  echo(text)   -> "echo: <text>"
  add(a, b)    -> the sum, as text
Speaks newline-delimited JSON-RPC 2.0 on stdin/stdout (the MCP stdio transport).
"""
import json
import sys

TOOLS = [
    {
        "name": "echo",
        "description": "Echo the given text back, prefixed with 'echo: '.",
        "inputSchema": {
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "required": ["text"],
        },
    },
    {
        "name": "add",
        "description": "Add two integers.",
        "inputSchema": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
        },
    },
]


def reply(msg_id, result=None, error=None):
    message = {"jsonrpc": "2.0", "id": msg_id}
    if error is not None:
        message["error"] = error
    else:
        message["result"] = result
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def call_tool(name, arguments):
    if name == "echo":
        return {"content": [{"type": "text", "text": "echo: " + str(arguments.get("text", ""))}], "isError": False}
    if name == "add":
        total = int(arguments.get("a", 0)) + int(arguments.get("b", 0))
        return {"content": [{"type": "text", "text": str(total)}], "isError": False}
    return {"content": [{"type": "text", "text": "unknown tool " + name}], "isError": True}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue
        method = message.get("method")
        msg_id = message.get("id")
        if msg_id is None:
            continue  # notifications (initialized, cancelled, ...) need no answer
        params = message.get("params") or {}
        if method == "initialize":
            reply(msg_id, {
                "protocolVersion": params.get("protocolVersion", "2025-06-18"),
                "capabilities": {"tools": {"listChanged": False}},
                "serverInfo": {"name": "kimi-runtime-test-echo", "version": "1.0.0"},
            })
        elif method == "tools/list":
            reply(msg_id, {"tools": TOOLS})
        elif method == "tools/call":
            reply(msg_id, call_tool(params.get("name", ""), params.get("arguments") or {}))
        elif method == "ping":
            reply(msg_id, {})
        else:
            reply(msg_id, error={"code": -32601, "message": "Method not found: " + str(method)})


if __name__ == "__main__":
    main()
