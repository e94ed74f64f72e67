"""The record of every call the bot made to the offline Slack, and waiting on it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Calls whose text ends up in front of people in a channel.
VISIBLE_MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"}
)


@dataclass
class ApiCall:
    """One request the bot made: the method, its decoded arguments and Slack's answer."""

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None = None
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    channel: str | None = None
    index: int = 0

    @property
    def text(self) -> str:
        """All human-readable text of the call: top-level text plus block and view texts."""
        return "\n".join(flatten_texts(self.args))

    def summary(self, width: int = 100) -> str:
        """One line for failure listings: index, method, outcome and a text excerpt."""
        outcome = "ok" if self.ok else f"{self.error} ({self.status})"
        where = f" {self.channel}" if self.channel else ""
        excerpt = " ".join(self.text.split())[:width]
        problems = f" problems={self.problems}" if self.problems else ""
        return f"#{self.index} {self.method}{where} -> {outcome}{problems} {excerpt!r}"


def flatten_texts(args: Mapping[str, Any]) -> list[str]:
    """Return the text a reader would see in a message or view, in display order."""
    texts: list[str] = []
    if isinstance(args.get("text"), str) and args["text"]:
        texts.append(args["text"])
    if isinstance(args.get("initial_comment"), str) and args["initial_comment"]:
        texts.append(args["initial_comment"])
    view = args.get("view")
    if isinstance(view, dict):
        texts += _text_objects([view.get("title")])
        texts += _block_texts(view.get("blocks"))
    texts += _block_texts(args.get("blocks"))
    return texts


def _block_texts(blocks: Any) -> list[str]:
    texts: list[str] = []
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            continue
        texts += _text_objects([block.get("text"), block.get("label")])
        texts += _text_objects(block.get("fields") or [])
        if block.get("type") == "context":
            texts += _text_objects(block.get("elements") or [])
    return texts


def _text_objects(objects: Iterable[Any]) -> list[str]:
    return [
        o["text"]
        for o in objects
        if isinstance(o, dict) and isinstance(o.get("text"), str) and o["text"]
    ]


# How long a wait for a call lasts before it fails. The work after an ack runs on background
# threads; on a loaded two-core machine (CI running the suite beside the demo) a call seen
# within a second when idle has taken over five, so the demo and tests wait this long.
WAIT_SECONDS = 20.0


class CallLog:
    """A thread-safe list of calls that tests can wait on, since the bot answers after its ack."""

    def __init__(self) -> None:
        self._calls: list[ApiCall] = []
        self._rejected: list[ApiCall] = []
        self._changed = threading.Condition()

    def record(self, call: ApiCall, rejected: bool = False) -> ApiCall:
        """Append a call (and to `rejected` when Slack would refuse its content)."""
        with self._changed:
            call.index = len(self._calls)
            self._calls.append(call)
            if rejected:
                self._rejected.append(call)
            self._changed.notify_all()
        return call

    @property
    def calls(self) -> list[ApiCall]:
        """A snapshot of every call so far, oldest first."""
        with self._changed:
            return list(self._calls)

    @property
    def rejected(self) -> list[ApiCall]:
        """Calls refused for invalid Block Kit or bad arguments."""
        with self._changed:
            return list(self._rejected)

    def mark(self) -> int:
        """Return the current position, to pass as `since=` so older calls are ignored."""
        with self._changed:
            return len(self._calls)

    def calls_to(self, method: str) -> list[ApiCall]:
        """Every call to one method, oldest first."""
        return [c for c in self.calls if c.method == method]

    def reset_calls(self) -> None:
        """Forget every recorded call, rejected ones included."""
        with self._changed:
            self._calls.clear()
            self._rejected.clear()

    def wait_for(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] = lambda call: True,
        timeout: float = WAIT_SECONDS,
        after: int = 0,
        since: int = 0,
        ok_only: bool = True,
    ) -> ApiCall:
        """Block until a matching call is recorded, and return it.

        `after` skips that many earlier matches (after=1 waits for the second one);
        `since` ignores calls before a position taken with mark(). Failed calls match
        only with ok_only=False, so a refused message never passes a test by accident.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._changed:
                seen = len(self._calls)
                candidates = self._calls[since:]
            # The predicate runs outside the lock: it may query the API, which records calls.
            matches = [
                call
                for call in candidates
                if call.method == method and (call.ok or not ok_only) and predicate(call)
            ]
            if len(matches) > after:
                return matches[after]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            with self._changed:
                if len(self._calls) == seen:
                    self._changed.wait(remaining)
        raise AssertionError(
            f"no {'successful ' if ok_only else ''}{method} call matched within {timeout}s "
            f"(skipping {after} earlier matches, from #{since}).\n{self.describe_recent()}"
        )

    def describe_recent(self, count: int = 20) -> str:
        """A listing of the most recent calls, for assertion messages."""
        recent = self.calls[-count:]
        if not recent:
            return "No Slack API calls were recorded."
        return "Recent Slack API calls:\n" + "\n".join("  " + c.summary() for c in recent)

    def texts(self, channel: str | None = None) -> list[str]:
        """Texts of accepted visible messages, optionally in one channel, oldest first."""
        texts: list[str] = []
        for call in self.calls:
            if (
                call.ok
                and call.method in VISIBLE_MESSAGE_METHODS
                and (channel is None or call.channel == channel)
            ):
                texts += flatten_texts(call.args)
        return texts
