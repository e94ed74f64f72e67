"""The services one running bot uses, built once from settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.assist import Assistant
from bot.outbox.sender import OutboxSender
from bot.outbox.service import Outbox
from bot.outbox.store import OutboxStore
from bot.services.burdens import BurdenService
from bot.services.consensus import ConsensusService, build_idea_services
from bot.services.corrections import CorrectionService
from bot.services.digest import DigestService, build_leader_services
from bot.services.experiments import ExperimentService
from bot.services.facilitators import FacilitatorService
from bot.services.groups import GroupService
from bot.services.letters import LetterService
from bot.services.meetings import MeetingService, build_meeting_services
from bot.services.missed import MissedService
from bot.services.pilots import PilotService, build_pilot_service
from bot.services.portfolio import PortfolioService
from bot.services.pulse import PulseService, build_pulse_service
from bot.services.spread import SpreadService
from bot.services.time_box import TimeBoxService
from bot.settings import Settings
from bot.store.burdens import BurdenStore
from bot.store.database import Database
from bot.store.facilitators import FacilitatorStore
from bot.store.groups import GroupStore, LeaderStore, ProcessedEvents
from bot.store.locks import NamedLocks
from bot.store.missed import MissedStore
from bot.store.observation_removals import ObservationRemovals
from bot.store.pilots import PilotStore
from bot.store.spread import SpreadStore
from bot.store.time_box import TimeBoxStore
from bot.vectors.index import ExperimentIndex
from bot.workspace_clients import WorkspaceClients


@dataclass
class Services:
    """Everything listeners and the CLI call; built by `build_services`."""

    settings: Settings
    database: Database
    locks: NamedLocks
    groups: GroupService
    events: ProcessedEvents
    burdens: BurdenService
    letters: LetterService
    meetings: MeetingService
    index: ExperimentIndex
    experiments: ExperimentService
    consensus: ConsensusService
    assistant: Assistant
    pilots: PilotService
    portfolio: PortfolioService
    digest: DigestService
    outbox: Outbox
    clients: WorkspaceClients
    facilitators: FacilitatorService
    missed: MissedService
    time_box: TimeBoxService
    spread: SpreadService
    corrections: CorrectionService
    pulse: PulseService

    def healthy(self) -> dict[str, bool]:
        """Each store and whether it answers, for /healthz."""
        return {"database": self.database.ping(), "vectors": self.index.ping()}

    def close(self) -> None:
        """Release connections: the vector store's client and directory, and the database's."""
        try:
            self.index.close()
        finally:
            self.database.dispose()


def build_services(
    settings: Settings, migrate: bool = True, claim_vectors: bool = True
) -> Services:
    """Open the stores (migrating the schema) and build every service over them.

    `claim_vectors=False` leaves an embedded Chroma directory unclaimed until it is used, for
    commands that run beside `serve` and need only the database (the report)."""
    database = Database(settings.resolved_database_url)
    if migrate:
        database.migrate()
    groups = GroupService(
        GroupStore(database), LeaderStore(database), settings.leader_ids, settings.unburden_command
    )
    index = ExperimentIndex.from_settings(settings, database, claim_vectors)
    clients = WorkspaceClients(settings, database)
    outbox_store = OutboxStore(database, settings.outbox_lease)
    outbox = Outbox(outbox_store, OutboxSender(outbox_store, clients.client_for))
    burdens, letters, meetings = build_meeting_services(settings, database, groups, outbox, index)
    experiments, consensus = build_idea_services(settings, database, index, outbox)
    portfolio, digest = build_leader_services(settings, database, groups, outbox)
    pilots = build_pilot_service(settings, database, outbox)
    return Services(
        settings=settings,
        database=database,
        locks=NamedLocks(database),
        groups=groups,
        events=ProcessedEvents(database),
        burdens=burdens,
        letters=letters,
        meetings=meetings,
        index=index,
        experiments=experiments,
        consensus=consensus,
        assistant=Assistant.from_settings(settings, database),
        pilots=pilots,
        portfolio=portfolio,
        digest=digest,
        outbox=outbox,
        clients=clients,
        facilitators=FacilitatorService(
            FacilitatorStore(database), groups, settings.unburden_command
        ),
        missed=MissedService(
            MissedStore(database), BurdenStore(database), groups, settings.unburden_command
        ),
        time_box=TimeBoxService(TimeBoxStore(database), meetings, settings.unburden_command),
        spread=SpreadService(
            SpreadStore(database), database, pilots, groups, settings.unburden_command
        ),
        corrections=CorrectionService(
            pilots, ObservationRemovals(database), PilotStore(database), settings.unburden_command
        ),
        pulse=build_pulse_service(settings, database, groups),
    )
