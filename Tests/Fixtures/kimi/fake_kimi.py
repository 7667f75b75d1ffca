#!/usr/bin/env python3
"""A fault-injecting fake Kimi CLI (Wire protocol 1.10) for the KimiRuntime tests. Stdlib only.

  fake_kimi.py info --json      prints versions (FAKE_KIMI_VERSION, FAKE_KIMI_WIRE; defaults are
                                the pinned 1.51.0 / 1.10; FAKE_KIMI_INFO=banner prints a
                                non-JSON deprecation line instead)
  fake_kimi.py --wire ...       speaks the wire protocol on stdin/stdout

Environment:
  FAKE_KIMI_MODE        comma-separated modes, one per process start (the last one repeats):
                          normal           one text step with token usage
                          exit-mid-turn    exits (status 3) in the middle of a turn
                          hang             stops answering after TurnBegin (keeps stdin unread)
                          hang-ignore-term like hang, and ignores SIGTERM (needs SIGKILL)
                          invalid-json     writes a truncated JSON line, then hangs
                          rpc-error        answers the prompt with JSON-RPC error -32003
                          rpc-error-odd    answers the prompt with JSON-RPC error -32099
                          unknown-events   unknown event/request types, extra fields, nulls,
                                           noise lines, then a normal answer
                          exit-on-start    prints an error on stderr and exits 4 at once
                          init-error       answers initialize with a JSON-RPC error
                          wrong-wire       answers initialize with protocol_version 2.0
  FAKE_KIMI_STATE_DIR   directory for the start counter and the files below
  FAKE_KIMI_CHILD       if "1", starts a `sleep 300` grandchild in its process group
Files written into FAKE_KIMI_STATE_DIR (when set): pid-<n> (own pid), child-pid-<n>,
args-<n> (argv as JSON), unknown-request-answer-<n> (what the client answered to the unknown
request, as JSON).
"""
import json
import os
import signal
import subprocess
import sys
import time

STATE_DIR = os.environ.get("FAKE_KIMI_STATE_DIR")


def state_file(name):
    return os.path.join(STATE_DIR, name) if STATE_DIR else None


def write_state(name, text):
    path = state_file(name)
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def start_number():
    path = state_file("starts")
    if not path:
        return 1
    count = 0
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            count = int(handle.read().strip() or "0")
    count += 1
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(str(count))
    return count


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def raw(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def event(kind, payload):
    send({"jsonrpc": "2.0", "method": "event", "params": {"type": kind, "payload": payload}})


def result(msg_id, value):
    send({"jsonrpc": "2.0", "id": msg_id, "result": value})


def error(msg_id, code, message):
    send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message, "data": None}})


def hang_forever():
    while True:
        time.sleep(3600)


def usage(input_other=10, output=5):
    return {
        "context_usage": 0.001, "context_tokens": input_other, "max_context_tokens": 100000,
        "token_usage": {"input_other": input_other, "output": output, "input_cache_read": 0,
                        "input_cache_creation": 0},
        "message_id": "fake-1", "plan_mode": False, "mcp_status": None,
    }


def run_prompt(msg_id, params, mode, start, stdin):
    event("TurnBegin", {"user_input": params.get("user_input")})
    if mode in ("hang", "hang-ignore-term"):
        hang_forever()
    event("StepBegin", {"n": 1})
    if mode == "exit-mid-turn":
        event("ContentPart", {"type": "text", "text": "partial"})
        sys.stderr.write("fake kimi: simulated crash in the middle of a turn\n")
        sys.stderr.flush()
        os._exit(3)
    if mode == "invalid-json":
        raw('{"jsonrpc":"2.0","method":"event","params":{"type":"ContentPart","payload":{"type":"te')
        hang_forever()
    if mode in ("rpc-error", "rpc-error-odd"):
        event("StepInterrupted", {})
        event("TurnEnd", {})
        if mode == "rpc-error":
            error(msg_id, -32003, "fake provider exploded")
        else:
            error(msg_id, -32099, "something odd happened")
        return
    if mode == "unknown-events":
        raw("WARNING: this line is not JSON and must be skipped")
        raw("")
        raw("[1, 2, 3]")
        event("FutureEvent", {"anything": [1, 2, {"deep": None}]})
        send({"jsonrpc": "2.0", "method": "event", "extra_top": True,
              "params": {"type": "ContentPart", "extra_params": 1,
                         "payload": {"type": "think", "think": "musing", "encrypted": None, "new_field": 7}}})
        send({"jsonrpc": "2.0", "method": "event", "params": {"type": "StatusUpdate"}})  # no payload
        event("StatusUpdate", {"context_usage": None, "context_tokens": None, "max_context_tokens": None,
                               "token_usage": None, "message_id": None, "plan_mode": None, "mcp_status": None})
        event("ContentPart", {"type": "video_url", "video_url": {"url": "https://example.invalid/v", "id": None}})
        send({"jsonrpc": "2.0", "id": 999, "result": {"orphan": True}})
        send({"jsonrpc": "2.0", "method": "notify_something_new", "params": {}})
        send({"jsonrpc": "2.0", "method": "request", "id": "srv-1",
              "params": {"type": "FutureRequest", "payload": {"id": "srv-1", "question": "?"}}})
        # Wait for the client's answer to the unknown request before going on.
        for line in stdin:
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            if message.get("id") == "srv-1":
                write_state(f"unknown-request-answer-{start}", json.dumps(message))
                break
        event("ContentPart", {"type": "text", "text": "still ", "extra": {"x": 1}})
        event("ContentPart", {"type": "text", "text": "fine"})
        event("StatusUpdate", usage(7, 3))
        event("TurnEnd", {})
        result(msg_id, {"status": "finished", "extra": "ignored"})
        return
    # normal
    event("ContentPart", {"type": "text", "text": "fake says hi"})
    event("StatusUpdate", usage())
    event("TurnEnd", {})
    result(msg_id, {"status": "finished"})


def run_wire(mode, start):
    if mode == "hang-ignore-term":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if mode == "exit-on-start":
        sys.stderr.write("fake kimi: invalid configuration (simulated)\n")
        sys.stderr.flush()
        sys.exit(4)
    stdin = sys.stdin
    for line in stdin:
        line = line.strip()
        if not line:
            continue
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            error(None, -32700, "Parse error")
            continue
        msg_id = message.get("id")
        if msg_id is not None and not isinstance(msg_id, str):
            send({"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Invalid request", "data": None}})
            continue
        method = message.get("method")
        params = message.get("params") or {}
        if msg_id is None:
            continue
        if method == "initialize":
            if mode == "init-error":
                error(msg_id, -32603, "fake initialize failure")
                continue
            wire = "2.0" if mode == "wrong-wire" else os.environ.get("FAKE_KIMI_WIRE", "1.10")
            result(msg_id, {"protocol_version": wire,
                            "server": {"name": "Fake Kimi", "version": os.environ.get("FAKE_KIMI_VERSION", "1.51.0")},
                            "slash_commands": [], "capabilities": {"supports_question": True},
                            "future_field": {"nested": None}})
        elif method == "prompt":
            run_prompt(msg_id, params, mode, start, stdin)
        elif method == "replay":
            result(msg_id, {"status": "finished", "events": 0, "requests": 0})
        elif method in ("cancel", "steer"):
            error(msg_id, -32000, "No agent turn is in progress")
        else:
            error(msg_id, -32601, f"Unexpected method received: {method}")


def main():
    args = sys.argv[1:]
    if args[:1] == ["info"]:
        if os.environ.get("FAKE_KIMI_INFO") == "banner":
            print("kimi-cli is deprecated; install Kimi Code instead.")
            return 0
        print(json.dumps({
            "kimi_cli_version": os.environ.get("FAKE_KIMI_VERSION", "1.51.0"),
            "agent_spec_versions": ["1"],
            "wire_protocol_version": os.environ.get("FAKE_KIMI_WIRE", "1.10"),
            "python_version": sys.version.split()[0],
        }))
        return 0
    if "--wire" not in args:
        sys.stderr.write("fake kimi: only `info --json` and `--wire` are supported\n")
        return 2
    start = start_number()
    modes = [m.strip() for m in os.environ.get("FAKE_KIMI_MODE", "normal").split(",") if m.strip()] or ["normal"]
    mode = modes[min(start, len(modes)) - 1]
    write_state(f"pid-{start}", str(os.getpid()))
    write_state(f"args-{start}", json.dumps(sys.argv))
    if os.environ.get("FAKE_KIMI_CHILD") == "1":
        child = subprocess.Popen(["sleep", "300"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        write_state(f"child-pid-{start}", str(child.pid))
    run_wire(mode, start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
