"""HTTP mode for many workspaces: the manifest's URLs, and the TLS proxy in front of the bot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SOCKET: dict[str, Any] = yaml.safe_load((DEPLOY / "manifest.yml").read_text())
HTTP: dict[str, Any] = yaml.safe_load((DEPLOY / "manifest.http.yml").read_text())
HOST = "https://unburden.example.org"
# What HTTP mode adds to (or changes in) the Socket Mode manifest, and nothing else.
HTTP_ONLY = {"url", "request_url", "redirect_urls", "message_menu_options_url"}


def without_http_settings(node: Any) -> Any:
    """The manifest with HTTP-only keys dropped and Socket Mode neutralised, to compare twins."""
    if isinstance(node, dict):
        return {
            key: without_http_settings(value)
            for key, value in node.items()
            if key not in HTTP_ONLY and key != "socket_mode_enabled"
        }
    if isinstance(node, list):
        return [without_http_settings(item) for item in node]
    return node


def test_http_manifest_grants_exactly_what_the_socket_mode_manifest_does() -> None:
    assert without_http_settings(HTTP) == without_http_settings(SOCKET)


def test_every_slack_request_goes_to_the_one_events_url_over_https() -> None:
    settings = HTTP["settings"]

    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"]["request_url"] == f"{HOST}/slack/events"
    assert settings["interactivity"]["request_url"] == f"{HOST}/slack/events"
    assert settings["interactivity"]["message_menu_options_url"] == f"{HOST}/slack/events"
    assert [c["url"] for c in HTTP["features"]["slash_commands"]] == [f"{HOST}/slack/events"]


def test_oauth_redirect_matches_the_bot_path_and_the_example_setting() -> None:
    example = (DEPLOY / "env.example").read_text()
    setting = re.search(r"SLACK_REDIRECT_URI=(\S+)", example)

    assert HTTP["oauth_config"]["redirect_urls"] == [f"{HOST}/slack/oauth_redirect"]
    assert setting is not None and setting.group(1).endswith("/slack/oauth_redirect")


def test_the_tls_proxy_forwards_only_slack_paths_to_the_bot() -> None:
    overlay: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.http.yml").read_text())
    base: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    proxy = overlay["services"]["proxy"]
    bot_port = base["services"]["bot"]["environment"]["PORT"]

    assert {"80:80", "443:443"} == set(proxy["ports"])
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert f"reverse_proxy bot:{bot_port}" in caddyfile
    assert "/slack/events /slack/install /slack/oauth_redirect" in caddyfile
    # The bot itself is published on loopback only; the world reaches it through TLS.
    assert all(p.startswith("127.0.0.1:") for p in base["services"]["bot"]["ports"])
