"""The services one running bot uses, built once from settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.groups import GroupService
from bot.settings import Settings
from bot.store.database import Database
from bot.store.groups import GroupStore, LeaderStore, ProcessedEvents


@dataclass
class Services:
    """Everything listeners and the CLI call; built by `build_services`."""

    settings: Settings
    database: Database
    groups: GroupService
    events: ProcessedEvents

    def healthy(self) -> dict[str, bool]:
        """Each store and whether it answers, for /healthz."""
        return {"database": self.database.ping()}

    def close(self) -> None:
        """Release connections."""
        self.database.dispose()


def build_services(settings: Settings, migrate: bool = True) -> Services:
    """Open the stores (migrating the schema) and build every service over them."""
    database = Database(settings.resolved_database_url)
    if migrate:
        database.migrate()
    groups = GroupService(
        GroupStore(database), LeaderStore(database), settings.leader_ids, settings.unburden_command
    )
    return Services(
        settings=settings, database=database, groups=groups, events=ProcessedEvents(database)
    )
