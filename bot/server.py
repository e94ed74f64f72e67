"""Serving the app: HTTP mode on a production WSGI server (waitress), or Socket Mode behind a firewall."""

from __future__ import annotations

import logging
import threading

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.socket_mode import SocketModeHandler
from waitress import serve as waitress_serve
from waitress.server import create_server

from bot.services.container import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def create_web_app(app: App | None, services: Services) -> Flask:
    """The WSGI app: Slack's single POST endpoint and the health check."""
    web = Flask("unburden")
    if app is not None:
        handler = SlackRequestHandler(app)

        @web.post(EVENTS_PATH)
        def slack_events() -> Response:
            return handler.handle(request)

        if app.oauth_flow is not None:
            # Many workspaces: the "Add to Slack" page and Slack's redirect back after approval.
            web.add_url_rule(app.oauth_flow.install_path, "slack_install", slack_events)
            web.add_url_rule(app.oauth_flow.redirect_uri_path, "slack_oauth_redirect", slack_events)

    @web.get(HEALTH_PATH)
    def healthz() -> tuple[Response, int]:
        checks = services.healthy()
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
        ident="unburden",
    )


def serve_socket_mode(app: App, services: Services, settings: Settings) -> None:
    """Connect out to Slack over Socket Mode; /healthz still answers on PORT for the orchestrator."""
    health = create_server(create_web_app(None, services), host="0.0.0.0", port=settings.port)
    threading.Thread(target=health.run, name="healthz", daemon=True).start()
    log.info("connecting to Slack in Socket Mode; /healthz on port %s", settings.port)
    SocketModeHandler(app, settings.secret("slack_app_token")).start()
