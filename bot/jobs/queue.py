"""The job queue: Huey on SQLite (embedded, the default), Redis or PostgreSQL."""

from __future__ import annotations

from urllib.parse import urlsplit

from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey

from bot.settings import Settings

QUEUE_NAME = "unburden"


def build_queue(settings: Settings) -> Huey:
    """A Huey for UNBURDEN_JOBS_URL: `redis://...`, `postgresql://...`, `memory:` (tests),
    or unset for a SQLite file under UNBURDEN_DATA_DIR."""
    url = (settings.unburden_jobs_url or "").strip()
    scheme = urlsplit(url).scheme.split("+")[0] if url else ""
    if scheme in ("redis", "rediss", "unix"):
        return RedisHuey(QUEUE_NAME, url=url, utc=True)
    if scheme in ("postgresql", "postgres"):
        # psycopg wants the libpq form, without SQLAlchemy's "+driver".
        dsn = "postgresql://" + url.split("://", 1)[1]
        return PostgresHuey(QUEUE_NAME, dsn=dsn, utc=True)
    if url == "memory:":
        return MemoryHuey(QUEUE_NAME, utc=True)
    if url:
        raise ValueError(
            f"UNBURDEN_JOBS_URL must be redis://, postgresql:// or memory:, not {scheme}:"
        )
    path = (settings.unburden_data_dir / "jobs.sqlite3").resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(path), utc=True)
