"""Background jobs in one place, started by `serve`: the outbox's sender, pilot check-ins, the
weekly digest, scheduled letters' follow-up and re-indexing.

They run on Huey (`bot.jobs.queue`): embedded on a SQLite file under the data directory by
default, or on Redis or PostgreSQL (`UNBURDEN_JOBS_URL`) when replicas should share one queue.
Each job is idempotent and claims its work in the bot's database (outbox messages and check-ins
under a lease, the digest by a unique week row), so several replicas running the same periodic
job send each message once."""
