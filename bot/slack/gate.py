"""One gate for all free text coming in: text that holds patient identifiers is never stored as
typed. The member chooses: save it with the identifiers replaced (`[NAME]`, `[MRN]`...) or edit
it; until then nothing is stored, and the pending choice holds only the redacted text.

The detector (`bot.privacy.default_detector`) takes about 5-20 ms a message once built, but
building it takes seconds: a form's ack waits at most `ACK_WAIT_SECONDS` for it, then asks the
member to submit again rather than let unchecked text through."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.privacy import IdentifierDetector, default_detector, describe

ACK_WAIT_SECONDS = 1.0
_WARM_UP = "Warm up the recognizers, Mrs Example, 555-0100."
STILL_STARTING = (
    "The check for patient identifiers is still starting up: submit again in a few seconds."
)


@dataclass(frozen=True)
class Checked:
    """What the gate found in one text: the kinds (as a phrase) and the redacted text."""

    text: str
    redacted: str
    reason: str | None  # "it looks like it holds a name", or None when the text is clean

    @property
    def clean(self) -> bool:
        """No identifier found: the text may be stored as typed."""
        return self.reason is None


class IdentifierGate:
    """Checks free text for patient identifiers, off or on the ack path."""

    def __init__(self, detector: Callable[[], IdentifierDetector] = default_detector) -> None:
        self._detector = detector
        self._ready = threading.Event()

    def warm_up(self) -> threading.Thread:
        """Build the detector in the background, so the first form's ack does not wait."""
        thread = threading.Thread(target=self._build, name="warm-gate", daemon=True)
        thread.start()
        return thread

    def check(self, text: str, wait: float | None = None) -> Checked | None:
        """The finding for `text`; None when the detector is not ready within `wait` seconds
        (with `wait=None`, waits for it)."""
        if wait is not None and not self._ready.wait(wait):
            return None
        detector = self._build()
        findings = detector.find(text)
        if not findings:
            return Checked(text, text, None)
        return Checked(text, detector.redact(text), describe(findings))

    def field_errors(self, fields: Mapping[str, str]) -> dict[str, str]:
        """Form errors by block id for fields that hold identifiers (or that could not be
        checked in time), naming the kinds found and never repeating them."""
        errors: dict[str, str] = {}
        for block_id, text in fields.items():
            if not text.strip():
                continue
            checked = self.check(text, wait=ACK_WAIT_SECONDS)
            if checked is None:
                errors[block_id] = STILL_STARTING
            elif not checked.clean:
                errors[block_id] = (
                    f"Not saved: {checked.reason}. Take it out, or write [NAME], [MRN]... "
                    "in its place."
                )[:150]
        return errors

    def quotable(self, answer: str, wait: float | None = None) -> str:
        """An answer that may quote what the member typed ("`Mrs Doe` is not a number"), with
        identifiers replaced; STILL_STARTING when the detector is not ready within `wait`."""
        checked = self.check(answer, wait=wait)
        return STILL_STARTING if checked is None else checked.redacted

    def _build(self) -> IdentifierDetector:
        detector = self._detector()
        if not self._ready.is_set():
            detector.find(_WARM_UP)  # the first analysis loads what the recognizers need
            self._ready.set()
        return detector
