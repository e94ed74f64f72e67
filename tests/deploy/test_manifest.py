"""The Slack app manifest grants what the code uses, and nothing else.

The code is scanned, not listed by hand, so these checks stay true as verbs, actions, events and
Web API calls are added: every WebClient method called anywhere in bot/ (outside the offline
stand-in) must be covered by a bot scope, every event listened to must be subscribed, and every
shortcut and the slash command must exist in deploy/manifest.yml.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient

from bot.oauth import BOT_SCOPES
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "deploy" / "manifest.yml").read_text())
SCOPES = yaml.safe_load((ROOT / "deploy" / "scopes.yml").read_text())
# Events Bolt itself listens to in many-workspace mode, to forget uninstalled workspaces.
BOLT_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})
INTERACTIVE_LISTENERS = frozenset(
    {"action", "block_action", "view", "view_submission", "view_closed", "options"}
    | {"shortcut", "message_shortcut", "global_shortcut", "block_suggestion"}
)


def bot_sources() -> Iterator[tuple[Path, str]]:
    """Every module of the bot itself; the offline Slack stand-in is not the bot."""
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if "offline" not in path.relative_to(ROOT / "bot").parts:
            yield path, path.read_text()


@cache
def web_api_names() -> dict[str, frozenset[str]]:
    """WebClient's snake_case methods mapped to the dotted API methods each one calls."""

    def resolve(name: str, seen: frozenset[str]) -> frozenset[str]:
        source = inspect.getsource(getattr(WebClient, name))
        found = set(re.findall(r'api_call\(\s*"([\w.]+)"', source))
        for inner in set(re.findall(r"self\.(\w+)\(", source)) - seen - {name}:
            if inner in candidates:
                found |= resolve(inner, seen | {name})
        return frozenset(found)

    candidates = {
        name
        for name, member in vars(WebClient).items()
        if callable(member) and not name.startswith("_")
    }
    resolved = {name: resolve(name, frozenset()) for name in candidates}
    return {name: methods for name, methods in resolved.items() if methods}


def called_api_methods() -> dict[str, set[str]]:
    """Dotted Web API methods the bot calls, each with the files that call it."""
    names = web_api_names()
    calls: dict[str, set[str]] = {}
    for path, source in bot_sources():
        where = str(path.relative_to(ROOT))
        methods = {m for name in re.findall(r"\.(\w+)\b", source) for m in names.get(name, ())}
        methods |= set(re.findall(r'api_call\(\s*["\']([\w.]+)["\']', source))
        if re.search(r"\bsay\(", source):
            methods.add("chat.postMessage")  # Bolt's say() posts with chat.postMessage
        for method in methods:
            calls.setdefault(method, set()).add(where)
    return calls


def listener_registrations() -> list[tuple[str, Any, str]]:
    """Each `app.<kind>(<first argument>)` registration: kind, literal argument, file."""
    found = []
    for path, source in bot_sources():
        tree = ast.parse(source)
        constants = _module_constants(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            kind = node.func.attr
            if kind not in INTERACTIVE_LISTENERS | {"event", "message", "command"}:
                continue
            if not isinstance(node.func.value, ast.Name) or node.func.value.id != "app":
                continue
            argument = _literal(node.args[0], constants) if node.args else None
            found.append((kind, argument, str(path.relative_to(ROOT))))
    return found


def _module_constants(tree: ast.Module) -> dict[str, Any]:
    """Module-level NAME = <literal> assignments, so `app.event(HOME_EVENT)` resolves too."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    constants[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return constants


def _literal(node: ast.expr, constants: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def listened_events() -> dict[str, str]:
    """Event types the bot listens to, each with a file that listens."""
    events: dict[str, str] = {}
    for kind, argument, where in listener_registrations():
        if kind == "message":
            events["message"] = where
        elif kind == "event":
            name = argument.get("type") if isinstance(argument, dict) else argument
            assert isinstance(name, str), f"{where}: app.event(...) with an event type not found"
            events[name] = where
    return events


def manifest_scopes() -> set[str]:
    return set(MANIFEST["oauth_config"]["scopes"]["bot"])


def subscribed_events() -> set[str]:
    return set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])


def scopes_for_events(events: set[str]) -> set[str]:
    return {scope for event in events for scope in SCOPES["events"][event]}


def feature_scopes() -> set[str]:
    features = MANIFEST["features"]
    return {
        scope
        for name in ("slash_commands", "shortcuts")
        if features.get(name)
        for scope in SCOPES["features"][name]
    }


def test_the_scanner_finds_the_calls_the_foundation_makes() -> None:
    calls = called_api_methods()
    events = listened_events()

    assert "conversations.members" in calls
    assert "files.completeUploadExternal" in web_api_names()["files_upload_v2"]
    assert "app_home_opened" in events


def test_every_web_api_method_the_bot_calls_has_a_row_in_the_scope_table() -> None:
    unknown = {
        m: sorted(files) for m, files in called_api_methods().items() if m not in SCOPES["methods"]
    }

    assert not unknown, f"add these methods and their scopes to deploy/scopes.yml: {unknown}"


def test_every_web_api_method_the_bot_calls_is_covered_by_a_manifest_scope() -> None:
    granted = manifest_scopes()
    missing = {
        method: sorted(set(SCOPES["methods"][method]) - granted)
        for method in called_api_methods()
        if set(SCOPES["methods"].get(method, [])) - granted
    }

    assert not missing, f"deploy/manifest.yml lacks the scopes these calls need: {missing}"


def test_manifest_asks_for_no_scope_the_bot_does_not_use() -> None:
    used = {s for m in called_api_methods() for s in SCOPES["methods"].get(m, [])}
    used |= scopes_for_events(subscribed_events()) | feature_scopes()

    assert manifest_scopes() - used == set(), "remove unused scopes from deploy/manifest.yml"


def test_every_event_the_bot_listens_to_is_subscribed() -> None:
    subscribed = subscribed_events()
    missing = {}
    for event, where in listened_events().items():
        # Meeting threads live in public and private channels alike.
        needed = {"message.channels", "message.groups"} if event == "message" else {event}
        if needed - subscribed:
            missing[event] = (sorted(needed - subscribed), where)

    assert not missing, f"subscribe to these events in deploy/manifest.yml: {missing}"


def test_manifest_subscribes_to_no_event_nobody_handles() -> None:
    listened = set(listened_events())
    handled = {e for e in subscribed_events() if e in listened | BOLT_EVENTS}
    handled |= {
        e for e in subscribed_events() if e.startswith("message.") and "message" in listened
    }

    assert subscribed_events() - handled == set()


def test_every_shortcut_the_bot_listens_to_is_in_the_manifest() -> None:
    declared = {s["callback_id"]: s["type"] for s in MANIFEST["features"].get("shortcuts", [])}
    for kind, argument, where in listener_registrations():
        if kind not in ("shortcut", "message_shortcut", "global_shortcut"):
            continue
        callback_id = argument.get("callback_id") if isinstance(argument, dict) else argument
        assert callback_id in declared, f"{where}: shortcut {callback_id!r} not in the manifest"
        if kind != "shortcut":
            assert declared[callback_id] == kind.removesuffix("_shortcut")


def test_manifest_has_the_add_as_burden_message_shortcut() -> None:
    shortcuts = MANIFEST["features"]["shortcuts"]

    assert {
        "name": "Add as burden",
        "type": "message",
        "callback_id": "add_burden_shortcut",
    }.items() <= shortcuts[0].items()


def test_manifest_declares_the_slash_command_the_bot_answers() -> None:
    commands = MANIFEST["features"]["slash_commands"]
    default = Settings(_env_file=None).unburden_command  # type: ignore[call-arg]

    assert [c["command"] for c in commands] == [default]
    assert "help" in commands[0]["usage_hint"] and "setup" in commands[0]["usage_hint"]
    assert any(kind == "command" for kind, _, _ in listener_registrations())


def test_the_slash_command_receives_mentions_as_user_ids() -> None:
    # Without escaping Slack sends `leader @ana` as plain "@ana", which names nobody.
    (command,) = MANIFEST["features"]["slash_commands"]

    assert command["should_escape"] is True


def test_interactivity_socket_mode_and_app_home_are_on() -> None:
    settings = MANIFEST["settings"]
    interactive = [k for k, _, _ in listener_registrations() if k in INTERACTIVE_LISTENERS]

    assert settings["interactivity"]["is_enabled"] is True or not interactive
    assert settings["socket_mode_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["features"]["app_home"]["messages_tab_enabled"] is True


def test_oauth_installs_ask_for_the_manifest_scopes() -> None:
    assert set(BOT_SCOPES) == manifest_scopes()


@pytest.mark.parametrize("scope", sorted(manifest_scopes()))
def test_readme_gives_a_reason_for_each_scope(scope: str) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Slack app and scopes", 1)[-1].split("\n## ", 1)[0]

    assert re.search(rf"^\| `{re.escape(scope)}` \| \S", section, re.MULTILINE), scope
