"""`unburden scrub`: find patient identifiers in free text stored before the edge checked for
them and, with apply, redact them in the database and in the vector store.

What it reports is counts by table and column and the kinds found, never the text: its output
ends up in terminals and CI logs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.privacy import IdentifierDetector, IdentifierKind
from bot.store.free_text import FreeTextColumn, FreeTextStore, free_text_columns

Reindex = Callable[[dict[str, set[int]]], int]


@dataclass
class ColumnScrub:
    """What one free-text column holds: rows read, rows with identifiers, kinds found."""

    table: str
    column: str
    checked: int = 0
    changed: set[int] = field(default_factory=set)
    kinds: Counter[IdentifierKind] = field(default_factory=Counter)

    def line(self) -> str:
        """One line of counts, e.g. "burdens.title: 2 of 9 rows hold identifiers (name 2)"."""
        kinds = ", ".join(f"{kind.value} {count}" for kind, count in sorted(self.kinds.items()))
        return (
            f"{self.table}.{self.column}: {len(self.changed)} of {self.checked} rows hold "
            f"identifiers" + (f" ({kinds})" if kinds else "")
        )


@dataclass
class ScrubReport:
    """The whole scrub: each column's counts, whether it was applied, documents re-indexed."""

    applied: bool
    columns: list[ColumnScrub]
    reindexed: int = 0

    @property
    def rows_with_identifiers(self) -> int:
        """Rows that held at least one identifier, over all columns."""
        return sum(len(column.changed) for column in self.columns)

    def lines(self) -> list[str]:
        """The report as the command prints it: counts only, never stored text."""
        lines = [column.line() for column in self.columns]
        total = self.rows_with_identifiers
        if not self.applied:
            lines.append(
                f"Dry run: {total} rows hold identifiers; nothing changed. "
                "Run `unburden scrub --apply` to redact them."
            )
        else:
            lines.append(
                f"Redacted {total} rows; {self.reindexed} documents replaced in the vector store."
            )
        return lines


class ScrubService:
    """Runs the detector over every free-text column and, when applied, redacts in place."""

    def __init__(
        self, store: FreeTextStore, detector: IdentifierDetector, reindex: Reindex | None = None
    ) -> None:
        self._store = store
        self._detector = detector
        self._reindex = reindex

    def run(self, apply: bool = False) -> ScrubReport:
        """Scan (and with `apply`, redact) every free-text column; see ScrubReport."""
        report = ScrubReport(applied=apply, columns=[])
        for where in free_text_columns():
            column, redacted = self._scan(where)
            report.columns.append(column)
            if apply:
                self._store.rewrite(where, redacted)
        if apply and self._reindex is not None:
            changed: dict[str, set[int]] = {}
            for column in report.columns:
                changed.setdefault(column.table, set()).update(column.changed)
            report.reindexed = self._reindex(changed)
        return report

    def _scan(self, where: FreeTextColumn) -> tuple[ColumnScrub, dict[int, str]]:
        """Counts for one column, and the redacted text of the rows that hold identifiers."""
        column = ColumnScrub(where.table, where.column)
        redacted: dict[int, str] = {}
        for row_id, text in self._store.cells(where):
            column.checked += 1
            findings = self._detector.find(text)
            if not findings:
                continue
            column.changed.add(row_id)
            column.kinds.update(finding.kind for finding in findings)
            redacted[row_id] = self._detector.redact(text)
        return column, redacted
