"""Every periodic job of a running bot, on one Huey queue, started and stopped by `serve`."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from huey import Huey, crontab
from huey.consumer import Consumer

from bot.clock import utcnow
from bot.jobs.digest import digest_message
from bot.jobs.queue import build_queue
from bot.services.container import Services

log = logging.getLogger(__name__)

# Posted messages are kept a month (for `recap` and for finding a message after a lost answer).
KEEP_POSTED = timedelta(days=30)


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """Huey's consumer in worker threads of the `serve` process; `serve` owns the signals."""

    def _set_signal_handlers(self) -> None:
        """Leave SIGTERM/SIGINT to the server (and let this run off the main thread)."""


class BackgroundJobs:
    """Registers the bot's periodic jobs on a Huey queue and runs them in this process."""

    def __init__(self, services: Services, queue: Huey | None = None) -> None:
        self.services = services
        self.queue = queue or build_queue(services.settings)
        self._consumer: EmbeddedConsumer | None = None
        self._tasks = self._register()

    def _register(self) -> list[Any]:
        every_minute = crontab(minute="*")
        queue = self.queue
        return [
            queue.periodic_task(every_minute, retries=2, retry_delay=10, name="outbox")(
                self.post_outbox
            ),
            queue.periodic_task(every_minute, retries=2, retry_delay=10, name="checkins")(
                self.send_checkins
            ),
            queue.periodic_task(crontab(minute="*/10"), retries=2, retry_delay=30, name="digest")(
                self.write_digest
            ),
            queue.periodic_task(crontab(minute="*/5"), retries=2, retry_delay=30, name="pulse")(
                self.send_pulses
            ),
            queue.periodic_task(every_minute, name="reindex")(self.reindex),
            queue.periodic_task(crontab(minute="7", hour="3"), name="purge")(self.purge),
        ]

    def post_outbox(self) -> int:
        """Post what the outbox holds whose turn has come; mark digests that reached Slack."""
        posted = self.services.outbox.sweep()
        self.services.digest.mark_posted()
        return posted

    def send_checkins(self) -> int:
        """Send the pilot check-ins due now that no other replica holds."""
        return self.services.pilots.reminders.run_due()

    def write_digest(self) -> list[str]:
        """Write (and post) the weekly leaders' digest when it falls due."""
        render = digest_message(self.services.settings.unburden_command)
        return self.services.digest.run_due(render)

    def send_pulses(self) -> None:
        """Open the pulse rounds that are due, and remind non-responders once."""
        self.services.pulse.run_due()

    def reindex(self) -> int:
        """Index ideas saved while the vector store was down."""
        return self.services.index.reindex_quietly()

    def purge(self) -> int:
        """Forget posted messages older than a month."""
        return self.services.outbox.store.purge_posted(utcnow() - KEEP_POSTED)

    def start(self, workers: int = 2) -> None:
        """Run the queue's workers and periodic scheduler in threads, and every job once now
        (so a restart picks up at once what a stopped process left)."""
        if self._consumer is not None:
            return
        consumer = EmbeddedConsumer(
            self.queue, workers=workers, worker_type="thread", check_worker_health=False
        )
        consumer.start()
        self._consumer = consumer
        for task in self._tasks:
            task()
        log.info("background jobs started on %s", type(self.queue).__name__)

    def stop(self) -> None:
        """Let running jobs finish, then stop the workers."""
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None
