"""The interaction kit: every surface (commands, buttons, forms, events, shortcuts) gets one
`Interaction` that knows who asked, where, how to answer them, and whether they belong.

A listener is then three lines: read its input, call one service method, answer. Failures are
answered by `Kit.lazy`, the same way on every surface (see `bot.slack.errors`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import Blocks
from bot.domain.models import WorkingGroup
from bot.errors import Forbidden, InvalidInput
from bot.services.container import Services
from bot.slack.errors import answer_for
from bot.slack.gate import IdentifierGate
from bot.slack.members import ChannelMembers, UserNames
from bot.slack.origin import Origin, read_origin
from bot.slack.text import SlackText, decode

log = logging.getLogger(__name__)

Respond = Callable[..., Any]
# Set by a form's ack when it accepted the submission; work after the ack runs only then.
ACCEPTED = "unburden_form_accepted"


@dataclass
class Interaction:
    """One request from a member, after Slack has had its ack."""

    kit: Kit
    client: WebClient
    origin: Origin
    body: dict[str, Any]
    respond: Respond | None = None
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def services(self) -> Services:
        """Every service of the bot."""
        return self.kit.services

    @property
    def command(self) -> str:
        """The slash command's name, as configured."""
        return self.kit.services.settings.unburden_command

    @property
    def team_id(self) -> str:
        """The workspace (for Enterprise Grid org installs, as `bot.slack.origin` reads it)."""
        return self.origin.team_id

    @property
    def user_id(self) -> str:
        """Who clicked, typed or submitted."""
        return self.origin.user_id

    @property
    def channel_id(self) -> str:
        """Where it happened (empty for App Home and forms opened outside a channel)."""
        return self.origin.channel_id

    @property
    def trigger_id(self) -> str | None:
        """The trigger that may open a form within 3 seconds of the request."""
        value = self.body.get("trigger_id")
        return str(value) if value else None

    @property
    def bot_user_id(self) -> str | None:
        """The bot's own user id in this workspace."""
        value = self.context.get("bot_user_id")
        return str(value) if value else None

    @property
    def action_value(self) -> str:
        """The clicked element's value (block_actions)."""
        actions = self.body.get("actions") or [{}]
        return str(actions[0].get("value") or "")

    @property
    def message(self) -> dict[str, Any]:
        """The message a button sits in, or {} (ephemeral messages come without it)."""
        found = self.body.get("message")
        return found if isinstance(found, dict) else {}

    @property
    def view(self) -> dict[str, Any]:
        """The submitted or clicked view, or {}."""
        found = self.body.get("view")
        return found if isinstance(found, dict) else {}

    def metadata(self) -> dict[str, Any]:
        """The view's private_metadata read as JSON ({} when it is not a JSON object)."""
        try:
            meta = json.loads(self.view.get("private_metadata") or "{}")
        except json.JSONDecodeError:
            return {}
        return meta if isinstance(meta, dict) else {}

    def decode(self, text: str) -> SlackText:
        """Slack's text as the member wrote it; a mention Slack sent without a name reads as the
        person's name (asked of Slack, cached), or as their id when Slack will not say."""
        return decode(text, lambda user_id: self.kit.names.name(self.client, self.team_id, user_id))

    def answer(self, text: str, blocks: Blocks | None = None) -> None:
        """An answer only the member sees: through the response_url when there is one, else an
        ephemeral message in the channel, else a direct message."""
        if self.respond is not None and self._has_response_url():
            self.respond(
                text=text, blocks=blocks, response_type="ephemeral", replace_original=False
            )
            return
        self.kit.tell(self.client, self.channel_id, self.user_id, text, blocks)

    def announce(self, text: str, blocks: Blocks | None = None) -> None:
        """A message the whole channel sees."""
        if self.respond is not None and self._has_response_url():
            self.respond(
                text=text, blocks=blocks, response_type="in_channel", replace_original=False
            )
            return
        self.client.chat_postMessage(channel=self.channel_id, text=text, blocks=blocks)

    def require_group(self, channel_id: str | None = None) -> WorkingGroup:
        """The channel's working group, or a user error saying how to set one up."""
        return self.services.groups.require(self.team_id, channel_id or self.channel_id)

    def require_member(
        self, channel_id: str | None = None, doing: str = "take part in its votes and ideas"
    ) -> None:
        """Refuse someone outside the group's channel (the answer says how to join)."""
        self.kit.require_member(
            self.client, self.team_id, channel_id or self.channel_id, self.user_id, doing
        )

    def open_form(self, view: dict[str, Any]) -> dict[str, Any]:
        """Open a modal on this request's trigger; the opened view as Slack returned it."""
        if not self.trigger_id:
            raise InvalidInput("Slack sent no form trigger here; click or type again.")
        opened = self.client.views_open(trigger_id=self.trigger_id, view=view)
        found = opened.get("view")
        return found if isinstance(found, dict) else {}

    def _has_response_url(self) -> bool:
        return bool(self.body.get("response_url") or self.body.get("response_urls"))


class Kit:
    """What every surface shares: the services, the membership cache and the way to answer."""

    def __init__(
        self,
        services: Services,
        members: ChannelMembers | None = None,
        gate: IdentifierGate | None = None,
    ) -> None:
        self.services = services
        self.members = members or ChannelMembers()
        self.names = UserNames()
        self.gate = gate or IdentifierGate()
        # Build the identifier detector now, in the background, never on an ack.
        self.gate.warm_up()

    def claim_submission(self, ix: Interaction) -> bool:
        """Whether this is the first accepted submission of this form (a double tap on a phone
        submits the same view twice); the claim is shared by every replica through the store."""
        key = submission_key(ix)
        return not key or self.services.events.first_time(ix.team_id, key)

    def release_submission(self, ix: Interaction) -> None:
        """Forget a claim whose submission was then refused, so a corrected one is accepted."""
        key = submission_key(ix)
        if key:
            self.services.events.forget(ix.team_id, key)

    def interaction(
        self,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond | None = None,
        context: Any = None,
    ) -> Interaction:
        """The interaction of one request body."""
        return Interaction(
            self, client, read_origin(body, context), body, respond, dict(context or {})
        )

    def lazy(
        self, work: Callable[[Interaction], None], name: str | None = None
    ) -> Callable[..., None]:
        """A Bolt lazy listener running `work` after the ack; every failure is answered.

        Work after a form's ack runs only when the ack accepted the form (`accept`)."""

        def run(body: dict[str, Any], client: WebClient, respond: Respond, context: Any) -> None:
            if body.get("type") == "view_submission" and not context.get(ACCEPTED):
                return
            ix = self.interaction(body, client, respond, context)
            try:
                work(ix)
            except Exception as error:  # noqa: BLE001 - the member must hear back whatever failed
                self.answer_failure(ix, error, name or work.__name__)

        # Bolt tells lazy functions apart by name.
        run.__name__ = name or f"{getattr(work, '__module__', '')}.{work.__name__}".replace(
            ".", "_"
        )
        return run

    def answer_failure(self, ix: Interaction, error: BaseException, doing: str) -> None:
        """Tell the member what failed and what to do instead; never raises."""
        answer = answer_for(error, doing, ix.team_id)
        try:
            # A user error may quote what was typed; it never quotes an identifier back.
            ix.answer(self.gate.quotable(answer.text))
        except Exception:  # noqa: BLE001 - the answer failing must not hide the first error
            log.warning("could not answer %s (team %s)", doing, ix.team_id, exc_info=True)

    def require_member(
        self, client: WebClient, team_id: str, channel_id: str, user_id: str, doing: str
    ) -> None:
        """Refuse someone outside the channel; say so when Slack will not tell."""
        found = self.members.contains(client, team_id, channel_id, user_id)
        if found is None:
            raise Forbidden(
                f"Slack did not tell me who is in <#{channel_id}>, so I cannot let you {doing} "
                "yet. Try again in a minute; if it keeps happening, invite me there with "
                "`/invite @Unburden`."
            )
        if not found:
            raise Forbidden(
                f"Only members of <#{channel_id}> can {doing}; "
                "ask to be added to the channel, then try again."
            )

    def member_channels(
        self, client: WebClient, team_id: str, user_id: str, channel_ids: list[str]
    ) -> list[str]:
        """The channels of the list the member is in (a channel the bot can't read is left out)."""
        return [c for c in channel_ids if self.members.contains(client, team_id, c, user_id)]

    @staticmethod
    def tell(
        client: WebClient, channel_id: str, user_id: str, text: str, blocks: Blocks | None = None
    ) -> None:
        """An ephemeral message in the channel, or a direct message when that is refused."""
        if channel_id:
            try:
                client.chat_postEphemeral(
                    channel=channel_id, user=user_id, text=text, blocks=blocks
                )
                return
            except SlackApiError as error:
                log.info("ephemeral refused in %s: %s", channel_id, error.response.get("error"))
        client.chat_postMessage(channel=user_id, text=text, blocks=blocks)


def submission_key(ix: Interaction) -> str:
    """The dedupe key of a form submission: its view id and hash. A double tap sends the same
    pair twice; a view updated after a submission (say, to log another value) has a new hash."""
    view_id = str(ix.view.get("id") or "")
    return f"view:{view_id}:{ix.view.get('hash') or ''}" if view_id else ""


def accept(context: Any) -> None:
    """Mark a form's submission as accepted in its ack, so its work after the ack runs."""
    context[ACCEPTED] = True
