#!/usr/bin/env python3
"""A minimal ACP agent written on Zed's ACP Python SDK (PyPI `agent-client-protocol`), used as a
second real ACP peer of KimiRuntime: the SDK's schema validation checks every message KimiRuntime
sends.

The "model" is a script: a JSON list of steps read from $SDK_AGENT_SCRIPTS when a session is
created or loaded and when its thinking mode changes (like the Kimi CLI's scripted provider):
  {"kind": "reply", "chunks": [...], "thinking": "...", "usage": {"input": n, "output": n, "cacheRead": n, "cacheWrite": n}}
  {"kind": "shell", "command": "..."}            # asks permission, runs it in the cwd
  {"kind": "mcp", "tool": "echo", "arguments": {...}}  # asks permission, calls the first MCP server
  {"kind": "write", "path": "...", "content": "..."}   # asks permission, fs/write_text_file
  {"kind": "read", "path": "..."}                # fs/read_text_file
  {"kind": "error", "status": 500}               # a provider failure, retried silently
A rejected or cancelled permission ends the turn. Session histories are kept in
$SDK_AGENT_STATE_DIR so that session/load in a new process replays them.
"""
import asyncio
import json
import os
import subprocess
import sys
import urllib.request
import uuid

# Started directly (`sdk_acp_agent.py acp`, through the `#!` line): re-run under the SDK venv's
# python named by $SDK_AGENT_PYTHON (once).
_python = os.environ.get("SDK_AGENT_PYTHON")
if _python and not os.environ.get("SDK_AGENT_REEXEC"):
    os.environ["SDK_AGENT_REEXEC"] = "1"
    os.execv(_python, [_python, os.path.abspath(__file__), *sys.argv[1:]])

import acp  # noqa: E402
from acp import helpers  # noqa: E402
from acp.schema import (  # noqa: E402
    AgentCapabilities, Implementation, InitializeResponse, McpCapabilities, NewSessionResponse,
    PermissionOption, PromptCapabilities, PromptResponse, SessionCapabilities, SessionConfigOptionSelect,
    SessionConfigSelectOption, SessionResumeCapabilities, SetSessionConfigOptionResponse, ToolCallUpdate, Usage,
    LoadSessionResponse, ResumeSessionResponse, AllowedOutcome,
)

MODELS = ["kimi-k2-thinking", "kimi-test-text-only"]
OPTIONS = [
    PermissionOption(option_id="yes", name="Allow once", kind="allow_once"),
    PermissionOption(option_id="always", name="Allow always", kind="allow_always"),
    PermissionOption(option_id="no", name="Reject", kind="reject_once"),
]


def load_steps():
    try:
        with open(os.environ["SDK_AGENT_SCRIPTS"]) as handle:
            return json.load(handle)
    except (KeyError, OSError, ValueError):
        return []


class Session:
    def __init__(self, session_id, cwd, mcp_servers):
        self.id, self.cwd, self.mcp_servers = session_id, cwd, mcp_servers or []
        self.model, self.thinking = MODELS[0], "off"
        self.steps = load_steps()
        self.cancelled = asyncio.Event()
        self.history = []

    def config_options(self):
        return [
            SessionConfigOptionSelect(type="select", id="model", name="Model", category="model", current_value=self.model,
                                      options=[SessionConfigSelectOption(value=m, name=m) for m in MODELS]),
            SessionConfigOptionSelect(type="select", id="thinking", name="Thinking", category="thought_level",
                                      current_value=self.thinking,
                                      options=[SessionConfigSelectOption(value=v, name=v) for v in ("off", "on")]),
        ]

    def save(self):
        path = os.path.join(os.environ.get("SDK_AGENT_STATE_DIR", "."), self.id + ".json")
        with open(path, "w") as handle:
            json.dump({"cwd": self.cwd, "history": self.history}, handle)


class FixtureAgent:
    def __init__(self):
        self.conn = None
        self.sessions = {}

    def on_connect(self, conn):
        self.conn = conn

    async def initialize(self, protocol_version, client_capabilities=None, client_info=None, **kwargs):
        return InitializeResponse(
            protocol_version=1,
            agent_capabilities=AgentCapabilities(
                load_session=True,
                prompt_capabilities=PromptCapabilities(image=True, audio=False, embedded_context=False),
                mcp_capabilities=McpCapabilities(http=True, sse=False),
                session_capabilities=SessionCapabilities(resume=SessionResumeCapabilities()),
            ),
            agent_info=Implementation(name="sdk-fixture-agent", version="0.12.1"),
        )

    async def new_session(self, cwd, mcp_servers=None, **kwargs):
        session = Session(uuid.uuid4().hex, cwd, mcp_servers)
        self.sessions[session.id] = session
        session.save()
        return NewSessionResponse(session_id=session.id, config_options=session.config_options())

    def _restore(self, session_id, cwd, mcp_servers):
        path = os.path.join(os.environ.get("SDK_AGENT_STATE_DIR", "."), session_id + ".json")
        try:
            with open(path) as handle:
                stored = json.load(handle)
        except OSError:
            raise acp.RequestError.invalid_params({"sessionId": "no such session"})
        if stored.get("cwd") != cwd:
            raise acp.RequestError.invalid_params({"sessionId": "no such session in this cwd"})
        session = Session(session_id, cwd, mcp_servers)
        session.history = stored.get("history", [])
        self.sessions[session_id] = session
        return session

    async def load_session(self, cwd, session_id, mcp_servers=None, **kwargs):
        session = self._restore(session_id, cwd, mcp_servers)
        for role, text in session.history:
            update = helpers.update_user_message_text(text) if role == "user" else helpers.update_agent_message_text(text)
            await self.conn.session_update(session_id=session_id, update=update)
        return LoadSessionResponse(config_options=session.config_options())

    async def resume_session(self, cwd, session_id, mcp_servers=None, **kwargs):
        session = self._restore(session_id, cwd, mcp_servers)
        return ResumeSessionResponse(config_options=session.config_options())

    async def set_config_option(self, config_id, session_id, value, **kwargs):
        session = self.sessions[session_id]
        if config_id == "model" and value in MODELS:
            session.model = value
        elif config_id == "thinking" and value in ("off", "on"):
            session.thinking = value
            session.steps = load_steps()
        else:
            raise acp.RequestError.invalid_params({"configId": config_id, "value": value})
        return SetSessionConfigOptionResponse(config_options=session.config_options())

    async def cancel(self, session_id, **kwargs):
        if session_id in self.sessions:
            self.sessions[session_id].cancelled.set()

    async def prompt(self, session_id, prompt, **kwargs):
        session = self.sessions[session_id]
        session.cancelled.clear()
        text = "".join(block.text for block in prompt if getattr(block, "type", "") == "text")
        session.history.append(("user", text))
        usage = {"input": 0, "output": 0, "cacheRead": 0, "cacheWrite": 0}
        answer = ""
        while session.steps:
            step = session.steps.pop(0)
            for key in usage:
                usage[key] += (step.get("usage") or {}).get(key, 0)
            if step["kind"] == "error":
                continue
            if step["kind"] == "reply":
                if step.get("thinking"):
                    await self.update(session, helpers.update_agent_thought_text(step["thinking"]))
                for chunk in step.get("chunks", []):
                    await self.update(session, helpers.update_agent_message_text(chunk))
                    answer += chunk
                break
            if not await self.tool(session, step):
                break
            if session.cancelled.is_set():
                break
        if answer:
            session.history.append(("assistant", answer))
        session.save()
        if session.cancelled.is_set():
            return PromptResponse(stop_reason="cancelled")
        total_input = usage["input"] + usage["cacheRead"] + usage["cacheWrite"]
        return PromptResponse(stop_reason="end_turn", usage=Usage(
            total_tokens=total_input + usage["output"], input_tokens=total_input, output_tokens=usage["output"],
            cached_read_tokens=usage["cacheRead"], cached_write_tokens=usage["cacheWrite"]))

    async def update(self, session, update):
        await self.conn.session_update(session_id=session.id, update=update)

    async def tool(self, session, step):
        """Runs one tool step; False when the turn must end (rejected or cancelled)."""
        call_id = uuid.uuid4().hex[:12]
        names = {"shell": "Shell", "mcp": step.get("tool", ""), "write": "WriteFile", "read": "ReadFile"}
        raw = {k: v for k, v in step.items() if k not in ("kind", "usage")}
        await self.update(session, helpers.start_tool_call(call_id, names[step["kind"]], status="pending", raw_input=raw))
        if step["kind"] != "read":
            response = await self.conn.request_permission(
                session_id=session.id, options=OPTIONS,
                tool_call=ToolCallUpdate(tool_call_id=call_id, title=names[step["kind"]]))
            allowed = isinstance(response.outcome, AllowedOutcome) and response.outcome.option_id in ("yes", "always")
            if not allowed:
                await self.update(session, helpers.update_tool_call(call_id, status="failed", content=[
                    helpers.tool_content(helpers.text_block("rejected by the user"))]))
                return False
        try:
            output = await self.run(session, step)
            status = "completed"
        except Exception as error:  # noqa: BLE001 - reported to the client as a failed call
            output, status = str(error), "failed"
        await self.update(session, helpers.update_tool_call(call_id, status=status, content=[
            helpers.tool_content(helpers.text_block(output))]))
        return True

    async def run(self, session, step):
        if step["kind"] == "shell":
            done = subprocess.run(step["command"], shell=True, cwd=session.cwd, capture_output=True, text=True, timeout=60)
            return done.stdout + done.stderr
        if step["kind"] == "write":
            await self.conn.write_text_file(session_id=session.id, path=step["path"], content=step["content"])
            return "wrote " + step["path"]
        if step["kind"] == "read":
            return (await self.conn.read_text_file(session_id=session.id, path=step["path"])).content
        return call_mcp(session.mcp_servers[0], step["tool"], step.get("arguments") or {})


def call_mcp(server, tool, arguments):
    """Calls one MCP tool on a stdio or streamable-HTTP server; returns its text."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                                                       "clientInfo": {"name": "sdk-fixture-agent", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": tool, "arguments": arguments}},
    ]
    if getattr(server, "url", None):
        result = None
        for message in messages:
            request = urllib.request.Request(server.url, data=json.dumps(message).encode(), method="POST", headers={
                "Content-Type": "application/json", "Accept": "application/json, text/event-stream"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                body = answer.read()
            if message.get("id") == 2:
                result = json.loads(body)["result"]
    else:
        env = dict(os.environ, **{item.name: item.value for item in server.env})
        lines = "".join(json.dumps(m) + "\n" for m in messages)
        done = subprocess.run([server.command, *server.args], input=lines, capture_output=True, text=True, env=env, timeout=30)
        result = next(json.loads(l)["result"] for l in done.stdout.splitlines() if l.strip() and json.loads(l).get("id") == 2)
    return "".join(part.get("text", "") for part in result.get("content", []))


async def main():
    await acp.run_agent(FixtureAgent())


if __name__ == "__main__":
    asyncio.run(main())
