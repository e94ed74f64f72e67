"""Write the leaders' report for what the store holds."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.services.container import Services


def write_report(services: Services, out: Path) -> Path:
    """Write the report's files into `out` (created if needed); returns the folder."""
    out.mkdir(parents=True, exist_ok=True)
    groups = services.groups.all_workspaces()
    with (out / "groups.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["team_id", "channel_id", "setting", "created_at"])
        for group in groups:
            writer.writerow(
                [group.team_id, group.channel_id, group.setting, group.created_at.isoformat()]
            )
    return out
