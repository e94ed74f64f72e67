"""Collections embedded by another model are re-embedded from their stored texts, on start."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.settings import Settings
from bot.store.database import Database
from bot.vectors.connection import ChromaConnection, client_factory
from bot.vectors.embeddings import shared_embeddings
from bot.vectors.index import EXPERIMENTS, ExperimentIndex, collection_name
from bot.vectors.reembedding import MODEL_KEY
from tests.listeners.commands.test_find import answer_text, find
from tests.listeners.ideas_support import open_meeting, propose
from tests.vectors.records import save_experiment, save_group

pytestmark = pytest.mark.slow

TEAM = "T0HOSPITAL"
IDEAS = {
    1: "Medical assistants pend refill requests for protocol medicines",
    2: "Stop printing the daily census sheet that nobody reads",
    3: "Nurses give flu shots under a standing order without a signature",
    4: "Outsource transcription of dictated letters to a vendor",
    5: "Normal lab results go to the patient portal automatically",
}


class OtherModel(Embeddings):
    """A different embedding model: deterministic vectors unrelated to meaning."""

    fingerprint = "sentence-transformers/all-MiniLM-L6-v2/torch"

    def load(self) -> None:
        """Nothing to load."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
        vector = np.random.default_rng(seed).normal(size=384)
        return list(vector / np.linalg.norm(vector))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'unburden.sqlite3'}")
    database.migrate()
    yield database
    database.dispose()


def index_with(model: Embeddings, data_dir: Path, database: Database) -> ExperimentIndex:
    """An index over embedded Chroma under `data_dir` whose vectors come from `model`."""
    connection = ChromaConnection(client_factory(None, data_dir), model)
    return ExperimentIndex(connection, model, None, database)  # type: ignore[arg-type]


def remember_with_old_model(
    data_dir: Path, database: Database, group: WorkingGroup, start: int = 1
) -> ExperimentIndex:
    """IDEAS saved and indexed by a bot that used OtherModel."""
    old = index_with(OtherModel(), data_dir, database)
    for number, text in IDEAS.items():
        old.add_experiment(save_experiment(database, group, number + start - 1, text), group)
    return old


def stored(index: ExperimentIndex, team_id: str) -> dict[str, object]:
    """Ids, texts, vectors and metadata of a workspace's experiment collection."""
    name = collection_name(EXPERIMENTS, team_id)
    connection = index._connection
    collection = connection._client_locked().get_collection(name)  # noqa: SLF001
    got = collection.get(include=["documents", "embeddings", "metadatas"])  # type: ignore[list-item]
    return {
        "ids": list(got["ids"]),
        "documents": dict(zip(got["ids"], got["documents"] or [], strict=True)),
        "vectors": dict(zip(got["ids"], np.asarray(got["embeddings"]), strict=True)),
        "metadatas": dict(zip(got["ids"], got["metadatas"] or [], strict=True)),
        "model": connection.collections_metadata()[name].get(MODEL_KEY),
    }


def test_a_collection_from_another_model_is_reembedded_on_start_with_nothing_lost(
    tmp_path: Path, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "data"
    clinic = save_group(database, TEAM, "C0CLINIC", "primary care")
    before = stored(remember_with_old_model(data_dir, database, clinic), TEAM)
    settings = Settings(_env_file=None, unburden_data_dir=data_dir)  # type: ignore[call-arg]
    restarted = ExperimentIndex.from_settings(settings, database)

    with caplog.at_level(logging.INFO, logger="bot.vectors.reembedding"):
        restarted.warm_up().join(timeout=120)
    after = stored(restarted, TEAM)

    model = shared_embeddings()
    assert before["model"] == OtherModel.fingerprint
    assert after["model"] == model.fingerprint
    assert after["ids"] == before["ids"] and after["documents"] == before["documents"]
    assert after["metadatas"] == before["metadatas"]
    for vector_id, text in after["documents"].items():  # type: ignore[attr-defined]
        expected = np.asarray(model.embed_query(text))
        assert float(after["vectors"][vector_id] @ expected) > 0.9999  # type: ignore[index]
    assert not restarted.catching_up(TEAM)
    found = restarted.similar(TEAM, "assistants queue repeat prescriptions for sign-off", k=1)
    assert [s.number for s in found] == [1]
    assert "re-embedding experiments-T0HOSPITAL: 5 of 5 documents" in caplog.text


def test_two_replicas_reembedding_at_once_agree(tmp_path: Path, database: Database) -> None:
    data_dir = tmp_path / "data"
    clinic = save_group(database, TEAM, "C0CLINIC", "primary care")
    remember_with_old_model(data_dir, database, clinic)
    model = shared_embeddings()
    replicas = [index_with(model, data_dir, database) for _ in range(2)]

    threads = [threading.Thread(target=r.reembedder.run) for r in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    after = stored(replicas[0], TEAM)
    assert len(after["ids"]) == len(IDEAS)  # type: ignore[arg-type]
    assert after["model"] == model.fingerprint
    for vector_id, text in after["documents"].items():  # type: ignore[attr-defined]
        assert float(after["vectors"][vector_id] @ model.embed_query(text)) > 0.9999  # type: ignore[index]
    # A replica started afterwards finds nothing left to do.
    assert index_with(model, data_dir, database).reembedder.scan() == []


def test_a_new_collection_records_the_model_that_fills_it(
    tmp_path: Path, database: Database
) -> None:
    clinic = save_group(database, TEAM, "C0CLINIC", "primary care")
    index = index_with(shared_embeddings(), tmp_path / "data", database)

    index.add_experiment(save_experiment(database, clinic, 1, IDEAS[1]), clinic)

    assert stored(index, TEAM)["model"] == shared_embeddings().fingerprint
    assert index.reembedder.scan() == []


def test_find_says_it_is_catching_up_until_the_reembedding_is_done(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    settings: Settings,
) -> None:
    remember_with_old_model(settings.unburden_data_dir, bot.services.database, group)
    reembedder = bot.services.index.reembedder
    assert reembedder.scan() == [collection_name(EXPERIMENTS, slack_api.team_id)]

    meanwhile = answer_text(find(slack, slack_api, "assistants queue repeat prescriptions"))
    reembedder.run()
    afterwards = answer_text(find(slack, slack_api, "assistants queue repeat prescriptions"))

    assert "Search is catching up" in meanwhile and "Nothing is lost" in meanwhile
    assert "catching up" not in afterwards
    assert "*E-1*" in afterwards


def test_a_new_idea_says_similar_search_is_catching_up_meanwhile(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    settings: Settings,
) -> None:
    open_meeting(slack, slack_api, bot, group)
    remember_with_old_model(settings.unburden_data_dir, bot.services.database, group, start=1)
    bot.services.index.reembedder.scan()

    answer = propose(slack, slack_api, "Skip printing the census sheet every morning")

    text = " ".join([str(answer.args.get("text", ""))] + [str(b) for b in answer.args["blocks"]])
    assert "Search is catching up" in text
    assert "No similar experiment in the workspace yet" not in text
