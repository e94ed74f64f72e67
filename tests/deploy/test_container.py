"""The container and compose files hold together (no Docker engine here, so they are read, not run)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yml").read_text())
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()
# Variables compose itself reads for the database container, not settings of the bot.
COMPOSE_ONLY = {
    "POSTGRES_PASSWORD",
    "POSTGRES_USER",
    "POSTGRES_DB",
    "ANONYMIZED_TELEMETRY",
    "UNBURDEN_PUBLIC_HOST",  # read by the TLS proxy of compose.http.yml
}


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions with continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n(\s*#.*\n)*", " ", DOCKERFILE)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def environment(service: str) -> dict[str, str]:
    return {k: str(v) for k, v in (COMPOSE["services"][service].get("environment") or {}).items()}


def test_compose_runs_the_bot_with_postgres_and_a_chroma_server() -> None:
    services = COMPOSE["services"]

    assert set(services) == {"bot", "postgres", "chroma"}
    assert environment("bot")["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@postgres:5432/" in environment("bot")["DATABASE_URL"]
    chroma_port = services["chroma"]["command"][services["chroma"]["command"].index("--port") + 1]
    assert environment("bot")["CHROMA_URL"] == f"http://chroma:{chroma_port}"
    assert services["chroma"]["command"][:2] == ["chroma", "run"]
    assert set(services["bot"]["depends_on"]) == {"postgres", "chroma"}
    assert all(
        condition["condition"] == "service_healthy"
        for condition in services["bot"]["depends_on"].values()
    )


def test_every_service_keeps_its_data_in_a_declared_volume() -> None:
    declared = set(COMPOSE["volumes"])
    for name, service in COMPOSE["services"].items():
        mounts = [v.split(":", 1)[0] for v in service.get("volumes", [])]
        assert mounts, f"{name} keeps no data in a volume"
        assert set(mounts) <= declared, f"{name} mounts an undeclared volume"
        assert "healthcheck" in service or name == "bot", f"{name} has no health check"


def test_compose_sets_only_settings_the_bot_knows() -> None:
    known = {name.upper() for name in Settings.model_fields} | COMPOSE_ONLY
    example = [
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in (DEPLOY / "env.example").read_text().splitlines()
        if "=" in line
    ]

    assert set(environment("bot")) <= known
    assert set(example) <= known


def test_secrets_come_from_the_environment_never_from_the_image() -> None:
    copied = [arguments for kind, arguments in instructions() if kind == "COPY"]
    ignored = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()]
    sent = {line[1:].rstrip("/") for line in ignored if line.startswith("!")}
    # A COPY --from takes files from the build stage, not from the build context.
    sources = {arguments.split()[0] for arguments in copied if not arguments.startswith("--from=")}

    assert not any(".env" in arguments or arguments.startswith(". ") for arguments in copied)
    # Everything is left out but what the image copies: no .env, .venv, data or .git.
    assert [line for line in ignored if not line.startswith("#")][0] == "*"
    assert sources <= sent and not {".env", ".venv", "data", ".git"} & sent
    assert "**/.env" in ignored
    assert COMPOSE["services"]["bot"]["env_file"] == [".env"]
    assert "${POSTGRES_PASSWORD:?" in (DEPLOY / "compose.yml").read_text()
    assert not re.search(r"SLACK_\w+=\S", DOCKERFILE)


def test_image_is_slim_non_root_locked_and_offline_with_the_model_inside() -> None:
    steps = instructions()
    kinds = [kind for kind, _ in steps]
    env = " ".join(arguments for kind, arguments in steps if kind == "ENV")
    install = " ".join(arguments for kind, arguments in steps if kind == "RUN")
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]

    bases = [arguments.split()[0] for kind, arguments in steps if kind == "FROM"]
    assert bases == ["python:3.11-slim", "python:3.11-slim"]
    # The run stage takes only the pruned venv and the application from the build stage.
    final = steps[[kind for kind, _ in steps].index("FROM", 1) :]
    assert [arguments for kind, arguments in final if kind == "COPY"] == [
        "--from=build /opt/venv /opt/venv",
        "--from=build /app /app",
    ]
    assert not any(kind == "RUN" and "pip install" in arguments for kind, arguments in final)
    user = next(arguments for kind, arguments in steps if kind == "USER")
    assert user not in ("root", "0")
    assert kinds.index("USER") < kinds.index("CMD")
    # Installed from the hash-checked lock only, from the default package index.
    assert "--require-hashes -r requirements.lock && python tools/slim_image.py prune" in install
    assert "--no-deps -e ." in install
    assert "--extra-index-url" not in install and "--index-url" not in install
    assert not any(
        d.split("=")[0].split(">")[0] in ("torch", "sentence-transformers") for d in dependencies
    )
    # The model is loaded once while building, proving it is inside the image.
    assert "embed_query" in install
    assert "MPLCONFIGDIR=/home/unburden/.matplotlib" in env


def test_the_working_directory_at_run_time_belongs_to_the_bot_user() -> None:
    steps = instructions()
    after_user = steps[[kind for kind, _ in steps].index("USER") :]
    workdir = next(arguments for kind, arguments in after_user if kind == "WORKDIR")
    setup = " ".join(arguments for kind, arguments in steps if kind == "RUN")

    # `unburden demo` writes demo-report/ into the working directory.
    assert workdir == "/home/unburden"
    assert "chown -R unburden:unburden" in setup and "/home/unburden" in setup.split("chown")[1]


def test_image_checks_health_on_healthz_and_serves() -> None:
    steps = dict(instructions())

    assert "/healthz" in steps["HEALTHCHECK"]
    assert steps["CMD"] == '["unburden", "serve"]'
