"""The command line: `unburden serve`, `unburden demo`, `unburden report --out DIR [--team T]`,
`unburden scrub [--apply]`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.settings import MissingSetting, Settings, require_serve_settings


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="unburden", description="Unburden, the burden-reduction Slack bot."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "serve", help="run the bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT)"
    )
    demo = commands.add_parser(
        "demo", help="play a meeting and a pilot offline, then write the leaders' report"
    )
    demo.add_argument("--out", type=Path, default=Path("demo-report"), help="where the report goes")
    report = commands.add_parser("report", help="write the leaders' report for the stored data")
    report.add_argument("--out", type=Path, required=True, help="folder to write the report into")
    report.add_argument(
        "--team", help="one workspace's id (T...); without it, one folder per workspace"
    )
    scrub = commands.add_parser(
        "scrub", help="find patient identifiers in stored text; a dry run unless --apply"
    )
    scrub.add_argument(
        "--apply", action="store_true", help="redact them in the database and the vector store"
    )
    args = parser.parse_args(argv)
    # The demo prints a conversation: only warnings and errors should interrupt it.
    level = logging.WARNING if args.command == "demo" else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.command == "serve":
        return serve()
    if args.command == "demo":
        from bot.offline.demo import run_demo

        return run_demo(args.out)
    if args.command == "scrub":
        return scrub_command(args.apply)
    return report_command(args.out, args.team)


def serve() -> int:
    """Start the bot; a missing token or secret, a refused app token or an embedded Chroma
    directory held by another process stops it with one clear line (exit code 2)."""
    settings = Settings()
    try:
        require_serve_settings(settings)
    except MissingSetting as missing:
        print(f"unburden: {missing}", file=sys.stderr)
        return 2
    from slack_sdk.errors import SlackApiError

    from bot.app import create_app, wait_for_slack
    from bot.edge.socket_mode import SocketModeRefused
    from bot.jobs.schedule import BackgroundJobs
    from bot.server import serve_http, serve_socket_mode
    from bot.services.container import build_services
    from bot.vectors.connection import ChromaDirectoryInUse

    try:
        wait_for_slack(settings)  # an unreachable Slack at start is waited for, not fatal
    except SlackApiError as refused:
        print(
            f"unburden: Slack refused the bot token: {refused.response['error']}", file=sys.stderr
        )
        return 2
    try:
        services = build_services(settings)
    except ChromaDirectoryInUse as held:
        print(f"unburden: {held}", file=sys.stderr)
        return 2
    # Load the embedding model in the background, off any ack.
    services.index.warm_up()
    app = create_app(settings, services)
    # Every background job (outbox, check-ins, digest, re-indexing) in one place, serve only.
    jobs = BackgroundJobs(services)
    jobs.start()
    try:
        if settings.socket_mode:
            serve_socket_mode(app, services, settings)
        else:
            serve_http(app, services, settings)
    except SocketModeRefused as refused:
        print(f"unburden: {refused}", file=sys.stderr)
        return 2
    finally:
        jobs.stop()
        services.close()
    return 0


def report_command(out: Path, team: str | None = None) -> int:
    """Write the leaders' report: one workspace's with `team`, else one folder per workspace."""
    from bot.reports.writer import write_workspace_reports
    from bot.services.container import build_services

    # The report reads only the database, so it runs beside `serve` on the same data directory.
    services = build_services(Settings(), claim_vectors=False)
    try:
        written = write_workspace_reports(services, out, team)
    finally:
        services.close()
    for folder in written:
        print(f"Report written to {folder}")
    if not written:
        print(f"No working group in {f'workspace {team}' if team else 'any workspace'} yet.")
    return 0


def scrub_command(apply: bool) -> int:
    """Find (and with `apply`, redact) patient identifiers in stored text; prints counts only."""
    from bot.privacy import default_detector
    from bot.services.container import build_services
    from bot.services.scrub import ScrubService
    from bot.store.free_text import FreeTextStore
    from bot.vectors.connection import VectorStoreUnavailable
    from bot.vectors.reindex import ScrubbedReindexer

    services = build_services(Settings())
    try:
        reindexer = ScrubbedReindexer(services.database, services.index)
        scrub = ScrubService(
            FreeTextStore(services.database), default_detector(), reindexer.reindex
        )
        try:
            report = scrub.run(apply=apply)
        except VectorStoreUnavailable:
            print(
                "unburden: the database is redacted, but the vector store did not answer; "
                "`unburden serve` re-indexes the redacted ideas when it is back.",
                file=sys.stderr,
            )
            return 1
    finally:
        services.close()
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
