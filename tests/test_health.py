"""GET /healthz answers 200 when the stores are reachable and 503 otherwise."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from bot.offline.runner import LocalBot
from bot.settings import Settings
from bot.store.database import Database
from tests.vectors.chroma_server import ChromaServer


def get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_healthz_is_ok_when_the_database_answers(bot: LocalBot) -> None:
    status, body = get(f"{bot.url}/healthz")

    assert status == 200
    assert body["checks"] == {key: True for key in body["checks"]}  # type: ignore[union-attr]


def test_healthz_is_unavailable_when_the_database_is_gone(bot: LocalBot) -> None:
    # Port 1 on loopback refuses connections at once: a database server that is down.
    bot.services.database = Database("postgresql+psycopg://unburden@127.0.0.1:1/unburden")

    status, body = get(f"{bot.url}/healthz")

    assert status == 503
    assert body["checks"]["database"] is False  # type: ignore[index]


@pytest.mark.slow
def test_healthz_is_unavailable_when_the_vector_store_is_down(
    settings: Settings, chroma_server: ChromaServer
) -> None:
    with LocalBot(settings.model_copy(update={"chroma_url": chroma_server.url})) as bot:
        assert get(f"{bot.url}/healthz")[0] == 200

        chroma_server.stop()
        status, body = get(f"{bot.url}/healthz")

    assert status == 503
    assert body["checks"] == {"database": True, "vectors": False}
