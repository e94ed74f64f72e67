"""A small OpenAI-compatible chat server on 127.0.0.1 that records every request it receives.

It answers POST /v1/chat/completions with a canned structured-output reply: as a tool call when
the request offers tools (function calling), else as JSON content (json_schema / json_mode)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.offline.slack_api import FakeSlackApi
from bot.settings import Settings
from tests.conftest import SIGNING_SECRET


class OpenAIStandIn:
    """The stand-in server; set `reply` to the object the model should 'fill'."""

    def __init__(self, reply: dict[str, Any]) -> None:
        self.reply = reply
        self.requests: list[dict[str, Any]] = []
        self.raw_bodies: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.standin = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def base_url(self) -> str:
        """The URL to give as OPENAI_BASE_URL."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> OpenAIStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def record(self, raw: str) -> dict[str, Any]:
        """Keep one request body, exactly as it arrived and decoded."""
        body = json.loads(raw)
        with self._lock:
            self.raw_bodies.append(raw)
            self.requests.append(body)
        return body

    def completion(self, request: dict[str, Any]) -> dict[str, Any]:
        """A chat.completion answer carrying `reply` in the shape the request asked for."""
        arguments = json.dumps(self.reply)
        message: dict[str, Any] = {"role": "assistant", "content": arguments}
        finish = "stop"
        tools = request.get("tools") or []
        if tools:
            name = tools[0]["function"]["name"]
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": name, "arguments": arguments},
                    }
                ],
            }
            finish = "tool_calls"
        return {
            "id": "chatcmpl-standin",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "standin"),
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        standin: OpenAIStandIn = self.server.standin  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(
                404,
                {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}},
            )
            return
        self._send(200, standin.completion(standin.record(raw)))

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        """Quiet: the test reads the recorded requests instead."""


def standin_settings(
    tmp_path: Path,
    slack_api: FakeSlackApi,
    database_url: str | None,
    standin: OpenAIStandIn,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """The usual test settings, with an OpenAI model served by the stand-in."""
    monkeypatch.setenv("OPENAI_BASE_URL", standin.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-dummy-for-the-standin")
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr(slack_api.bot_token),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=slack_api.url,
        unburden_data_dir=tmp_path / "data",
        database_url=database_url,
        unburden_llm="openai:standin-small",
    )
