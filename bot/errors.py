"""Typed errors: a UserError carries the short answer the member sees; anything else is a fault."""

from __future__ import annotations


class UserError(Exception):
    """Something the member can fix; `message` says what is wrong and what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAWorkingGroup(UserError):
    """The command needs a channel that has been set up as a working group."""

    def __init__(self, command: str = "/unburden") -> None:
        super().__init__(
            "This channel is not a working group yet. "
            f"Type `{command} setup <clinical setting>` (e.g. `{command} setup primary care`) first."
        )


class NotFound(UserError):
    """An id the member typed does not exist in this workspace."""


class InvalidInput(UserError):
    """Text that cannot be read as what the verb needs."""


class WrongStage(UserError):
    """A verb used at a moment of the meeting where it does not apply."""


class Forbidden(UserError):
    """The member is not allowed to do this (not in the group, not a leader)."""
