"""Putting scrubbed rows back into the vector store, so Chroma's copy of them is redacted too.

Chroma ids are stable per experiment and burden, so indexing a row again replaces its old
document and metadata. Experiments go back through the catch-up path (`indexed` set False,
then `reindex_pending`); burdens are re-added one by one. Then the embedded store forgets the
old versions it still keeps on disk (its log and free pages), so the raw text is gone from its
files too.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from bot.domain.models import Burden, WorkingGroup
from bot.store.database import Database
from bot.store.tables import BurdenRow, ExperimentRow, WorkingGroupRow
from bot.vectors.index import ExperimentIndex


class ScrubbedReindexer:
    """Re-indexes the experiments and burdens whose text, or whose group's setting, changed."""

    def __init__(self, database: Database, index: ExperimentIndex) -> None:
        self._db = database
        self._index = index

    def reindex(self, changed: dict[str, set[int]]) -> int:
        """Index again the rows changed by table ("experiments", "burdens", "working_groups");
        returns how many documents were replaced."""
        groups = changed.get("working_groups", set())
        experiments = changed.get("experiments", set())
        with self._db.transaction() as session:
            session.execute(
                update(ExperimentRow)
                .where(or_(ExperimentRow.id.in_(experiments), ExperimentRow.group_id.in_(groups)))
                .values(indexed=False)
            )
        count = 0
        while batch := self._index.reindex_pending(self._db):
            count += batch
        for burden, group in self._burdens(changed.get("burdens", set()), groups):
            self._index.add_burden(burden, group)
            count += 1
        self._index.forget_history()
        return count

    def _burdens(self, ids: set[int], groups: set[int]) -> list[tuple[Burden, WorkingGroup]]:
        """The burdens to index again, with their groups."""
        with self._db.transaction() as session:
            rows = session.execute(
                select(BurdenRow, WorkingGroupRow)
                .join(WorkingGroupRow, WorkingGroupRow.id == BurdenRow.group_id)
                .where(WorkingGroupRow.team_id == BurdenRow.team_id)
                .where(or_(BurdenRow.id.in_(ids), BurdenRow.group_id.in_(groups)))
            ).all()
            return [
                (Burden.model_validate(row), WorkingGroup.model_validate(group))
                for row, group in rows
            ]
