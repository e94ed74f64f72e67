"""FakeSlackApi: a local stand-in for Slack's Web API, for tests and the offline demo.

It answers the methods the bot uses the way Slack does (HTTP 200 with ok/error,
429 with Retry-After), refuses Block Kit that Slack would refuse, and records
every call so tests can wait for and inspect what the bot said.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from bot.offline.block_limits import message_warnings
from bot.offline.call_log import ApiCall, CallLog
from bot.offline.chat_methods import CHAT_METHODS, respond
from bot.offline.directory_methods import DIRECTORY_METHODS
from bot.offline.oauth_methods import OAuthInstalls
from bot.offline.socket_mode import SocketModeStandIn
from bot.offline.view_methods import VIEW_METHODS
from bot.offline.workspace import (
    ResponseUrl,
    SlackChannel,
    SlackError,
    SlackUser,
    UploadedFile,
    Workspace,
)

Handler = Callable[[Workspace, dict[str, Any]], dict[str, Any]]
METHODS: dict[str, Handler] = {**CHAT_METHODS, **VIEW_METHODS, **DIRECTORY_METHODS}
# Arguments that Slack accepts as JSON text inside a form-encoded body.
JSON_ARGUMENTS = ("blocks", "attachments", "view", "files", "metadata")
# Errors that mean the content itself was refused, not the situation.
REFUSALS = frozenset(
    {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text", "invalid_arguments"}
)


@dataclass
class _Fault:
    error: str
    status: int
    remaining: int
    retry_after: int | None = None


@dataclass
class _Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


class FakeSlackApi(CallLog):
    """A Slack Web API on 127.0.0.1 that the real slack_sdk WebClient can talk to."""

    def __init__(
        self,
        team_id: str = "T0001",
        bot_token: str = "xoxb-test",
        bot_user_id: str = "UBOT0001",
        port: int = 0,
        trigger_ttl: float = 3.0,
    ):
        super().__init__()
        self.workspace = Workspace(team_id, bot_token, bot_user_id)
        self.workspace.trigger_ttl = trigger_ttl
        self._port = port
        self._lock = threading.RLock()
        self._faults: dict[str, list[_Fault]] = {}
        self._slow: dict[str, list[tuple[float, threading.Event]]] = {}
        # Workspaces installed through OAuth (oauth.v2.access) and the tokens they were given.
        self.oauth = OAuthInstalls()
        # Slack's Socket Mode side (bot/offline/socket_mode.py), when a test attaches one.
        self.socket_mode: SocketModeStandIn | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> FakeSlackApi:
        """Listen on 127.0.0.1 in a daemon thread; returns self for chaining."""
        if self._server is not None:
            return self
        server = ThreadingHTTPServer(("127.0.0.1", self._port), _RequestHandler)
        server.daemon_threads = True
        server.slack_api = self  # type: ignore[attr-defined]
        self._server = server
        self.workspace.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        # A short poll interval keeps stop() quick; tests start and stop one per test.
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="fake-slack-api", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and release the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def __enter__(self) -> FakeSlackApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The Web API base URL, for WebClient(base_url=...) or SLACK_API_URL."""
        if not self.workspace.base_url:
            raise RuntimeError("FakeSlackApi is not started")
        return self.workspace.base_url + "api/"

    # -- workspace -----------------------------------------------------------------

    @property
    def team_id(self) -> str:
        """The workspace id sent in every payload."""
        return self.workspace.team_id

    @property
    def bot_token(self) -> str:
        """The only token the API accepts."""
        return self.workspace.bot_token

    @property
    def bot_user_id(self) -> str:
        """The bot's own user id, as auth.test reports it."""
        return self.workspace.bot_user_id

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        is_admin: bool = False,
        tz: str = "America/New_York",
        display_name: str | None = None,
    ) -> SlackUser:
        """Add a person to the workspace; `display_name` is their handle unless given ("" for
        none set, when Slack shows their real name)."""
        user = SlackUser(user_id, name, real_name or name, is_admin, tz, display_name)
        with self._lock:
            self.workspace.users[user_id] = user
        return user

    def name_workspace(self, name: str) -> None:
        """Give the workspace the name auth.test and team.info answer with."""
        with self._lock:
            self.workspace.team_name = name

    def add_channel(self, channel_id: str, name: str, members: list[str]) -> SlackChannel:
        """Add a channel with these members (the bot is not added implicitly)."""
        channel = SlackChannel(channel_id, name, list(members))
        with self._lock:
            self.workspace.channels[channel_id] = channel
        return channel

    def set_members(self, channel_id: str, members: list[str]) -> None:
        """Replace a channel's member list, as when people join or leave."""
        with self._lock:
            self.workspace.channel(channel_id).members = list(members)

    def user_name(self, user_id: str) -> str:
        """A person's handle as payloads carry it (their id, lower-cased, when unknown)."""
        with self._lock:
            user = self.workspace.users.get(user_id)
        return user.name if user else user_id.lower()

    def channel_name(self, channel_id: str) -> str:
        """A channel's name as payloads carry it (its id when unknown)."""
        with self._lock:
            channel = self.workspace.channels.get(channel_id)
        if channel is None:
            return channel_id
        return "directmessage" if channel.is_im else channel.name

    def new_response_url(self, channel: str | None = None, message_ts: str | None = None) -> str:
        """Issue a response URL; POSTs to it are recorded as method "response_url"."""
        with self._lock:
            key = str(len(self.workspace.response_urls) + 1)
            self.workspace.response_urls[key] = ResponseUrl(channel, message_ts)
        return f"{self.workspace.base_url}response/{key}"

    def new_trigger_id(self, view_id: str | None = None) -> str:
        """Issue a trigger_id that views.open/push accept once, within the trigger TTL."""
        with self._lock:
            return self.workspace.new_trigger_id(view_id)

    def message_at(self, channel: str, ts: str) -> dict[str, Any]:
        """The current text/blocks of a stored message (after updates), as Slack holds it."""
        with self._lock:
            stored = self.workspace.message(channel, ts)
            return self.workspace.bot_message(stored.ts, stored.args)

    def view(self, view_id: str) -> dict[str, Any]:
        """A view opened, pushed, updated or published earlier."""
        with self._lock:
            return dict(self.workspace.view_by_id(view_id))

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home currently published for a person, if any."""
        with self._lock:
            return self.workspace.home_views.get(user_id)

    @property
    def uploaded_files(self) -> list[UploadedFile]:
        """Files uploaded through files_upload_v2, in order."""
        with self._lock:
            return list(self.workspace.files.values())

    # -- faults --------------------------------------------------------------------

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls to `method` with HTTP 429 and Retry-After."""
        with self._lock:
            self._faults.setdefault(method, []).append(
                _Fault("ratelimited", 429, times, retry_after)
            )

    def fail(
        self, method: str, error: str = "internal_error", times: int = 1, status: int = 200
    ) -> None:
        """Answer the next `times` calls to `method` with this error."""
        with self._lock:
            self._faults.setdefault(method, []).append(_Fault(error, status, times))

    def recover(self, method: str | None = None) -> None:
        """Drop the faults still queued for `method` (or every method): Slack is well again."""
        with self._lock:
            if method is None:
                self._faults.clear()
            else:
                self._faults.pop(method, None)

    def slow(self, method: str, seconds: float) -> threading.Event:
        """Hold the next call to `method` for `seconds` before answering it (Slack still acts on
        it if the caller goes away meanwhile); the event is set when that call arrives."""
        arrived = threading.Event()
        with self._lock:
            self._slow.setdefault(method, []).append((seconds, arrived))
        return arrived

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method) or []
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.pop(0)
        return fault

    # -- requests --------------------------------------------------------------------

    def answer(self, path: str, query: str, headers: dict[str, str], body: bytes) -> _Answer:
        """Route one HTTP request: /api/<method>, /response/<n> or /upload/<file id>."""
        kind, _, name = path.strip("/").partition("/")
        with self._lock:
            queued = self._slow.get(name) if kind == "api" else None
            hold = queued.pop(0) if queued else None
        if hold is not None:
            hold[1].set()
            time.sleep(hold[0])  # outside the lock: other calls go on meanwhile
        with self._lock:
            if kind == "api" and name:
                return self._api_call(name, query, headers, body)
            if kind == "response" and name:
                return self._response_url(name, body)
            if kind == "upload" and name:
                return self._upload(name, body)
        return _Answer(404, {"ok": False, "error": "not_found"}, {})

    def _api_call(self, method: str, query: str, headers: dict[str, str], body: bytes) -> _Answer:
        try:
            args = parse_arguments(query, headers.get("content-type", ""), body)
        except SlackError as error:
            return self._refuse(method, {}, error)
        token = args.pop("token", None) or _bearer(headers.get("authorization", ""))
        if method == "oauth.v2.access":
            return self._oauth_access(args, headers.get("authorization", ""))
        if method == "apps.connections.open":
            return self._open_socket(token)
        if method not in METHODS:
            return self._refuse(method, args, SlackError("unknown_method"))
        self.oauth.note(method, token)
        if token != self.workspace.bot_token and not self.oauth.accepts(token):
            return self._refuse(method, args, SlackError("invalid_auth" if token else "not_authed"))
        fault = self._take_fault(method)
        if fault is not None:
            extra = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
            injected = SlackError(fault.error, status=fault.status)
            return self._refuse(method, args, injected, extra, injected=True)
        try:
            result = METHODS[method](self.workspace, args)
        except SlackError as error:
            return self._refuse(method, args, error)
        response = {"ok": True, **self.oauth.as_team(token, method, result)}
        warnings = message_warnings(args) if method.startswith("chat.") else []
        self.record(
            ApiCall(
                method,
                args,
                True,
                response=response,
                warnings=warnings,
                channel=_channel_of(args, response),
            )
        )
        return _Answer(200, response, {})

    def _refuse(
        self,
        method: str,
        args: dict[str, Any],
        error: SlackError,
        headers: dict[str, str] | None = None,
        channel: str | None = None,
        injected: bool = False,
    ) -> _Answer:
        response: dict[str, Any] = {"ok": False, "error": error.error}
        if error.problems:
            response["errors"] = error.problems
            response["response_metadata"] = {"messages": [f"[ERROR] {p}" for p in error.problems]}
        call = ApiCall(
            method,
            args,
            False,
            error=error.error,
            status=error.status,
            response=response,
            problems=error.problems,
            channel=channel or _channel_of(args, {}),
        )
        # Injected faults are the test's doing, not content Slack would refuse.
        self.record(call, rejected=error.error in REFUSALS and not injected)
        return _Answer(error.status, response, headers or {})

    def _oauth_access(self, args: dict[str, Any], authorization: str) -> _Answer:
        """oauth.v2.access authenticates with the app's client credentials, not a token."""
        try:
            response = {"ok": True, **self.oauth.exchange(args, authorization)}
        except SlackError as error:
            return self._refuse("oauth.v2.access", args, error)
        self.record(ApiCall("oauth.v2.access", args, True, response=response))
        return _Answer(200, response, {})

    def _open_socket(self, token: str | None) -> _Answer:
        """apps.connections.open authenticates with the app-level token, not the bot's."""
        method = "apps.connections.open"
        fault = self._take_fault(method)
        if fault is not None:
            injected = SlackError(fault.error, status=fault.status)
            return self._refuse(method, {}, injected, injected=True)
        if self.socket_mode is None:
            return self._refuse(method, {}, SlackError("not_allowed_token_type"))
        try:
            response = {"ok": True, **self.socket_mode.open_url(token)}
        except SlackError as error:
            return self._refuse(method, {}, error)
        self.record(ApiCall(method, {}, True, response=response))
        return _Answer(200, response, {})

    def _response_url(self, key: str, body: bytes) -> _Answer:
        url = self.workspace.response_urls.get(key)
        channel = url.channel if url else None
        try:
            args = json.loads(body or b"{}")
        except json.JSONDecodeError:
            return self._refuse(
                "response_url", {}, SlackError("invalid_json", status=400), channel=channel
            )
        args = args if isinstance(args, dict) else {}
        try:
            respond(self.workspace, key, args)
        except SlackError as error:
            return self._refuse("response_url", args, error, channel=channel)
        self.record(
            ApiCall(
                "response_url",
                args,
                True,
                response={"ok": True},
                warnings=message_warnings(args),
                channel=channel,
            )
        )
        return _Answer(200, {"ok": True}, {})

    def _upload(self, file_id: str, body: bytes) -> _Answer:
        uploaded = self.workspace.files.get(file_id)
        if uploaded is None:
            return _Answer(404, {"ok": False, "error": "file_not_found"}, {})
        uploaded.content = bytes(body)
        self.record(
            ApiCall(
                "upload_url",
                {"file_id": file_id, "filename": uploaded.filename, "size": uploaded.size},
                True,
            )
        )
        return _Answer(200, {"ok": True}, {})


def parse_arguments(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    """Decode a Web API request's arguments from the query, a JSON body or a form body."""
    args: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query).items()}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        try:
            decoded = json.loads(body)
        except json.JSONDecodeError as error:
            raise SlackError("invalid_json") from error
        if isinstance(decoded, dict):
            args.update(decoded)
    elif body:
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        args.update({k: v[-1] for k, v in form.items()})
    for name in JSON_ARGUMENTS:
        if isinstance(args.get(name), str):
            try:
                args[name] = json.loads(args[name])
            except json.JSONDecodeError as error:
                raise SlackError(
                    f"invalid_{name}_format" if name == "blocks" else "invalid_arguments",
                    [f"{name} is not valid JSON"],
                ) from error
    return args


def _bearer(authorization: str) -> str | None:
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _channel_of(args: dict[str, Any], response: dict[str, Any]) -> str | None:
    for candidate in (response.get("channel"), args.get("channel"), args.get("channel_id")):
        if isinstance(candidate, str) and candidate:
            return candidate
    return None


class _RequestHandler(BaseHTTPRequestHandler):
    """Hands each HTTP request to the FakeSlackApi and writes its JSON answer."""

    def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
        """Answer a POST (how slack_sdk sends every Web API call)."""
        self._handle()

    def do_GET(self) -> None:  # noqa: N802
        """Answer a GET, which Slack also accepts for read methods."""
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        headers = {k.lower(): v for k, v in self.headers.items()}
        api: FakeSlackApi = self.server.slack_api  # type: ignore[attr-defined]
        answer = api.answer(path, query, headers, body)
        payload = json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Stay quiet: the call log is the record."""
