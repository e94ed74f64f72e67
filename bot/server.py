"""Serving the app: HTTP mode on a production WSGI server (waitress), or Socket Mode behind a firewall."""

from __future__ import annotations

import logging
import threading

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from waitress import serve as waitress_serve
from waitress.server import create_server

from bot.edge.http_gate import MAX_BODY_BYTES, RequestGate, RequestRefused
from bot.edge.socket_mode import BotSocketModeHandler, SocketWatch
from bot.services.container import Services
from bot.settings import Settings
from bot.store.seen_requests import SeenRequests

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def create_web_app(app: App | None, services: Services, socket: SocketWatch | None = None) -> Flask:
    """The WSGI app: Slack's single POST endpoint and the health check.

    With `socket` (Socket Mode), /healthz also needs a socket to Slack up within 30 seconds."""
    web = Flask("unburden")
    # Werkzeug stops reading a body past this and answers 413, chunked bodies included.
    web.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    if app is not None:
        handler = SlackRequestHandler(app)
        gate = RequestGate(
            services.settings.secret("slack_signing_secret") or "", SeenRequests(services.database)
        )

        @web.post(EVENTS_PATH)
        def slack_events() -> Response:
            try:
                headers = {name.lower(): value for name, value in request.headers.items()}
                gate.admit(request.get_data(), headers, request.content_length)
            except RequestRefused as refused:
                log.info("refused a request at the edge: %s %s", refused.status, refused.reason)
                return Response(refused.reason, status=refused.status, mimetype="text/plain")
            return handler.handle(request)

        if app.oauth_flow is not None:
            # Many workspaces: the "Add to Slack" page and Slack's redirect back after approval.
            oauth = handler.handle
            web.add_url_rule(app.oauth_flow.install_path, "slack_install", lambda: oauth(request))
            web.add_url_rule(
                app.oauth_flow.redirect_uri_path, "slack_oauth_redirect", lambda: oauth(request)
            )

    @web.get(HEALTH_PATH)
    def healthz() -> tuple[Response, int]:
        checks = services.healthy()
        if socket is not None:
            checks["socket"] = socket.recently_up()
        ok = all(checks.values())
        return jsonify(status="ok" if ok else "unavailable", checks=checks), 200 if ok else 503

    return web


def serve_http(app: App, services: Services, settings: Settings) -> None:
    """Serve Slack's requests on PORT with several worker threads until interrupted."""
    log.info("serving HTTP on port %s (%s threads)", settings.port, settings.unburden_http_threads)
    waitress_serve(
        create_web_app(app, services),
        host="0.0.0.0",
        port=settings.port,
        threads=settings.unburden_http_threads,
        # Refuse an oversized body before buffering it (Flask checks again behind this).
        max_request_body_size=MAX_BODY_BYTES,
        ident="unburden",
    )


def connect_socket_mode(
    app: App, services: Services, settings: Settings, watch: SocketWatch
) -> BotSocketModeHandler:
    """Open the Socket Mode connection in background threads; raises SocketModeRefused."""
    handler = BotSocketModeHandler(
        app, settings.secret("slack_app_token") or "", SeenRequests(services.database), watch
    )
    handler.connect()
    return handler


def serve_socket_mode(app: App, services: Services, settings: Settings) -> None:
    """Connect out to Slack over Socket Mode; /healthz still answers on PORT for the orchestrator.

    Raises SocketModeRefused (one line) when Slack refuses the app token."""
    watch = SocketWatch()
    handler = connect_socket_mode(app, services, settings, watch)
    health = create_server(
        create_web_app(None, services, socket=watch), host="0.0.0.0", port=settings.port
    )
    threading.Thread(target=health.run, name="healthz", daemon=True).start()
    log.info("connected to Slack in Socket Mode; /healthz on port %s", settings.port)
    try:
        threading.Event().wait()
    finally:
        handler.close()
