"""`unburden serve` as separate processes on loopback, for the replica tests and the load benchmark.

Each replica is the real command in HTTP mode on its own port, talking to the Slack stand-in
(SLACK_API_URL) and sharing one DATABASE_URL, exactly as replicas behind a load balancer would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_environment(
    slack_api_url: str,
    bot_token: str,
    signing_secret: str,
    database_url: str | None,
    data_dir: Path,
) -> dict[str, str]:
    """The environment of a replica: this process's own minus any Slack or Unburden setting."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "UNBURDEN_", "DATABASE_URL", "CHROMA_URL"))
    }
    env = {
        **inherited,
        "SLACK_BOT_TOKEN": bot_token,
        "SLACK_SIGNING_SECRET": signing_secret,
        "SLACK_API_URL": slack_api_url,
        "UNBURDEN_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


class ServedReplica:
    """One `unburden serve` process in HTTP mode on a free loopback port (PORT)."""

    def __init__(
        self,
        environment: dict[str, str],
        workdir: Path,
        name: str = "replica",
        command: list[str] | None = None,
    ) -> None:
        self.port = free_port()
        self.name = name
        # Another WSGI app served the same way (a benchmark's baseline) may stand in for `serve`.
        self._command = command or [sys.executable, "-m", "bot.cli", "serve"]
        self._environment = {**environment, "PORT": str(self.port)}
        self._workdir = workdir
        self._log_path = workdir / f"{name}-{self.port}.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the replica, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServedReplica:
        """Start the process (without waiting for it to be ready)."""
        self._workdir.mkdir(parents=True, exist_ok=True)
        with self._log_path.open("ab") as log:
            self._process = subprocess.Popen(
                self._command,
                env=self._environment,
                cwd=self._workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_until_healthy(self, timeout: float = 90.0) -> None:
        """Block until /healthz answers 200; raise with the log's tail if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(
            f"{self.name} did not become healthy in {timeout:.0f} s:\n{self.log_tail()}"
        )

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the replica's output, for failure messages."""
        return (
            self._log_path.read_text(errors="replace")[-chars:] if self._log_path.exists() else ""
        )

    def stop(self) -> None:
        """Terminate the process and wait for it."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=5)
        self._process = None

    def __enter__(self) -> ServedReplica:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def start_replicas(environment: dict[str, str], workdir: Path, count: int) -> list[ServedReplica]:
    """Start `count` replicas together (so their migrations race, as in production) and wait.

    Without CHROMA_URL each replica gets its own embedded Chroma folder: an embedded Chroma is
    not shared between processes (production replicas share a Chroma server instead)."""
    replicas = []
    for n in range(count):
        name = f"replica{n + 1}"
        own = dict(environment)
        if "CHROMA_URL" not in own:
            own["UNBURDEN_DATA_DIR"] = str(Path(own["UNBURDEN_DATA_DIR"]) / name)
        replicas.append(ServedReplica(own, workdir, name))
    try:
        for replica in replicas:
            replica.start()
        for replica in replicas:
            replica.wait_until_healthy()
    except BaseException:
        for replica in replicas:
            replica.stop()
        raise
    return replicas
