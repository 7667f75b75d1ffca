#!/usr/bin/env python3
"""A fault-injecting ACP agent for the KimiRuntime tests (stdlib only). Run as `fake_acp_agent.py acp`.

It calls itself "Kimi Code CLI" version FAKE_ACP_VERSION (default 0.9.0, a maintained release),
offers the config options `model` (kimi-k2-thinking, kimi-k2-turbo-preview) and `thinking`
(off/on), and answers each prompt according to FAKE_ACP_MODE:
  normal                 a thought chunk, two text chunks, end_turn with usage
  exit-mid-turn          one text chunk, then exits with status 3
  hang                   one text chunk, then never answers (reads stdin on)
  garbage                a truncated JSON line, then hangs
  unknown-notifications  unknown session/update kinds, an unknown notification method, extra
                         fields and nulls, then a normal answer
  unimplemented-request  asks the client `terminal/create` (which it does not implement) and
                         records the answer, then a normal answer
  fs-escape              asks the client to read FAKE_ACP_OUTSIDE (outside the cwd) and to write
                         inside the cwd; records both answers, then a normal answer
  prompt-error           answers the prompt with JSON-RPC error -32603
  no-usage               a normal answer without usage
Files written into FAKE_ACP_STATE_DIR: requests.jsonl (every message received), answer-<name>.json.
"""
import json
import os
import sys

STATE = os.environ.get("FAKE_ACP_STATE_DIR", ".")
MODE = os.environ.get("FAKE_ACP_MODE", "normal")
VERSION = os.environ.get("FAKE_ACP_VERSION", "0.9.0")
state = {"model": "kimi-k2-thinking", "thinking": "off", "cwd": "", "next_id": 100}


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def record(name, value):
    with open(os.path.join(STATE, name), "w") as handle:
        json.dump(value, handle)


def read():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    message = json.loads(line)
    with open(os.path.join(STATE, "requests.jsonl"), "a") as handle:
        handle.write(json.dumps(message) + "\n")
    return message


def ask(method, params):
    """Sends a request to the client and returns its answer (other messages are dropped)."""
    state["next_id"] += 1
    request_id = state["next_id"]
    send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
    while True:
        message = read()
        if message.get("id") == request_id and "method" not in message:
            return message


def options():
    return [
        {"type": "select", "id": "model", "name": "Model", "category": "model", "currentValue": state["model"],
         "options": [{"value": "kimi-k2-thinking", "name": "K2 thinking"}, {"value": "kimi-k2-turbo-preview", "name": "Turbo"}]},
        {"type": "select", "id": "thinking", "name": "Thinking", "category": "thought_level", "currentValue": state["thinking"],
         "options": [{"value": "off", "name": "Off"}, {"value": "on", "name": "On"}]},
    ]


def update(session_id, body):
    send({"jsonrpc": "2.0", "method": "session/update", "params": {"sessionId": session_id, "update": body}})


def text(session_id, kind, value):
    update(session_id, {"sessionUpdate": kind, "content": {"type": "text", "text": value}})


def prompt(message):
    session_id = message["params"]["sessionId"]
    if MODE == "prompt-error":
        send({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32603, "message": "provider exploded"}})
        return
    if MODE in ("exit-mid-turn", "hang"):
        text(session_id, "agent_message_chunk", "partial")
        if MODE == "exit-mid-turn":
            sys.exit(3)
        while True:
            read()
    if MODE == "garbage":
        sys.stdout.write('{"jsonrpc": "2.0", "method": "session/upd\n')
        sys.stdout.flush()
        while True:
            read()
    if MODE == "unknown-notifications":
        update(session_id, {"sessionUpdate": "brand_new_kind", "whatever": [1, None]})
        send({"jsonrpc": "2.0", "method": "_vendor/notice", "params": {"x": None}})
        update(session_id, {"sessionUpdate": "usage_update", "used": 10, "size": 100, "extra": None})
    if MODE == "unimplemented-request":
        record("answer-terminal.json", ask("terminal/create", {"sessionId": session_id, "command": "ls"}))
    if MODE == "fs-escape":
        outside = os.environ.get("FAKE_ACP_OUTSIDE", "/etc/hostname")
        record("answer-read-outside.json", ask("fs/read_text_file", {"sessionId": session_id, "path": outside}))
        inside = os.path.join(state["cwd"], "inside.txt")
        record("answer-write-inside.json", ask("fs/write_text_file", {"sessionId": session_id, "path": inside, "content": "hi"}))
        record("answer-read-inside.json", ask("fs/read_text_file", {"sessionId": session_id, "path": inside}))
    text(session_id, "agent_thought_chunk", "thinking " + state["thinking"])
    text(session_id, "agent_message_chunk", "Hello")
    text(session_id, "agent_message_chunk", " " + state["model"])
    if MODE == "no-usage":
        send({"jsonrpc": "2.0", "id": message["id"], "result": {"stopReason": "end_turn"}})
        return
    send({"jsonrpc": "2.0", "id": message["id"], "result": {"stopReason": "end_turn", "usage": {
        "totalTokens": 150, "inputTokens": 100, "outputTokens": 50, "cachedReadTokens": 40}}})


def main():
    while True:
        message = read()
        method, msg_id = message.get("method"), message.get("id")
        params = message.get("params") or {}
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": msg_id, "result": {
                "protocolVersion": 1, "agentInfo": {"name": "Kimi Code CLI", "version": VERSION},
                "agentCapabilities": {"loadSession": False, "promptCapabilities": {"image": True},
                                      "mcpCapabilities": {"http": True, "sse": True}}}})
        elif method == "session/new":
            state["cwd"] = params.get("cwd", "")
            send({"jsonrpc": "2.0", "id": msg_id, "result": {"sessionId": "fake-session", "configOptions": options()}})
        elif method == "session/set_config_option":
            state[params["configId"]] = params["value"]
            send({"jsonrpc": "2.0", "id": msg_id, "result": {"configOptions": options()}})
        elif method == "session/prompt":
            prompt(message)
        elif msg_id is not None:
            send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": -32601, "message": "Method not found"}})


if __name__ == "__main__":
    main()
