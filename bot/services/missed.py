"""Missed opportunities: valuable work not done because of its burden, recorded by a group and
linked to the burden that crowds it out, where one fits."""

from __future__ import annotations

import logging

from pydantic import BaseModel, ConfigDict

from bot.assist.similarity import BagOfWords
from bot.domain.missed import MISSED_MAX_CHARS, MissedOpportunity
from bot.domain.models import Burden
from bot.errors import InvalidInput, NotFound
from bot.privacy import default_detector, describe
from bot.services.groups import GroupService
from bot.store.burdens import BurdenStore
from bot.store.missed import MissedStore

log = logging.getLogger(__name__)

# TF-IDF cosine at which a burden's title counts as naming what crowds the work out; unrelated
# texts of this kind score under 0.1, a shared phrase ("prior authorisation") over 0.3.
LINK_MIN_SIMILARITY = 0.2
BURDENS_CONSIDERED = 100


class RecordedMissed(BaseModel):
    """A stored missed opportunity, the burden it was linked to, and how ("chosen"/"matched")."""

    model_config = ConfigDict(frozen=True)

    missed: MissedOpportunity
    burden: Burden | None = None
    linked_by: str | None = None


class MissedService:
    """Records a group's missed opportunities; the leaders' views read them by setting."""

    def __init__(
        self, store: MissedStore, burdens: BurdenStore, groups: GroupService, command: str
    ) -> None:
        self._store = store
        self._burdens = burdens
        self._groups = groups
        self._command = command

    def burdens_to_choose(self, team_id: str, channel_id: str) -> list[Burden]:
        """The group's burdens, heaviest first, for the form's "because of" choice."""
        group = self._groups.require(team_id, channel_id)
        return self._burdens.heaviest(team_id, group.id, BURDENS_CONSIDERED)

    def record(
        self,
        team_id: str,
        channel_id: str,
        user_id: str,
        text: str,
        burden_id: int | None = None,
    ) -> RecordedMissed:
        """`missed <text>`: store it, linked to the chosen burden or the best-matching one.

        Raises InvalidInput for empty text or text holding patient identifiers (nothing is
        stored, the identifiers are not repeated), NotFound for a burden of another group."""
        group = self._groups.require(team_id, channel_id)
        cleaned = " ".join(text.split())
        if not cleaned:
            raise InvalidInput(
                "Say what valuable work goes undone, e.g. "
                f"`{self._command} missed calling patients back about abnormal results, "
                "crowded out by prior authorisation forms`."
            )
        findings = default_detector().find(cleaned)
        if findings:
            raise InvalidInput(
                f"Not saved: {describe(findings)}. Describe the work, not the patient, and try again."
            )
        burdens = self._burdens.heaviest(team_id, group.id, BURDENS_CONSIDERED)
        burden, linked_by = self._link(burdens, cleaned, burden_id)
        missed = self._store.add(
            team_id, group.id, user_id, cleaned[:MISSED_MAX_CHARS], burden.id if burden else None
        )
        log.info("missed opportunity %s recorded (team %s)", missed.id, team_id)
        return RecordedMissed(missed=missed, burden=burden, linked_by=linked_by)

    def _link(
        self, burdens: list[Burden], text: str, burden_id: int | None
    ) -> tuple[Burden | None, str | None]:
        """The chosen burden, else the group's burden whose title best matches the text."""
        if burden_id is not None:
            chosen = next((b for b in burdens if b.id == burden_id), None)
            if chosen is None:
                raise NotFound("That burden is not in this group's inventory.")
            return chosen, "chosen"
        found = best_burden(burdens, text)
        return found, "matched" if found else None


def best_burden(burdens: list[Burden], text: str) -> Burden | None:
    """The burden whose title is closest to the text by TF-IDF cosine, if any reaches
    LINK_MIN_SIMILARITY; ties go to the heavier burden (the list's order)."""
    if not burdens:
        return None
    scores = BagOfWords([b.title for b in burdens]).similarities(text)
    best = max(range(len(burdens)), key=lambda i: (scores[i], -i))
    return burdens[best] if scores[best] >= LINK_MIN_SIMILARITY else None
