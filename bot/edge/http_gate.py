"""The checks a POST to /slack/events passes before Bolt parses it.

Order matters: the size is checked before the body is read, the signature before the body is
parsed (so nobody unsigned can reach a parser), and the replay check last, so that only a
well-formed request Slack signed takes a key in the shared store."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from slack_bolt.request.internals import parse_body

from bot.store.seen_requests import SeenRequests

# Slack caps a message at 40,000 characters; its largest payload to us (a message event or a
# shortcut on such a message, text and rich-text blocks, form- or JSON-encoded) stays well
# below this, while a body this size is never a real Slack request.
MAX_BODY_BYTES = 512 * 1024
# The two content types Slack posts: slash commands and interactions are form-encoded (an
# interaction as one `payload` field of JSON), Events API deliveries are JSON.
SLACK_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "application/json"})
# Slack's rule: a timestamp more than 5 minutes from now, either side, is stale.
STALE_AFTER_SECONDS = 5 * 60
# So a signature accepted now can be valid for at most 10 more minutes: remember it that long.
REPLAY_WINDOW = timedelta(seconds=2 * STALE_AFTER_SECONDS)


@dataclass(frozen=True)
class RequestRefused(Exception):
    """A request that Bolt must not see: the HTTP status to answer and one line saying why."""

    status: int
    reason: str


class RequestGate:
    """Admits a request to Bolt only when it is Slack's, well-formed, in size and not a replay."""

    def __init__(self, signing_secret: str, seen: SeenRequests) -> None:
        self._secret = signing_secret.encode()
        self._seen = seen

    def admit(self, body: bytes, headers: Mapping[str, str], content_length: int | None) -> None:
        """Raise RequestRefused (413, 401, 415, 400, or for a replay 401, or 200 when it is
        Slack's retry) unless Bolt may have the request.

        `headers` has lower-case names; `content_length` is the header's value when the client
        sent one, checked before `body` is trusted to be small."""
        if (content_length or 0) > MAX_BODY_BYTES or len(body) > MAX_BODY_BYTES:
            raise RequestRefused(413, f"request body over {MAX_BODY_BYTES} bytes")
        signature = headers.get("x-slack-signature", "")
        if not signed_by_slack(
            self._secret, body, headers.get("x-slack-request-timestamp", ""), signature
        ):
            raise RequestRefused(401, "missing, wrong or stale signature")
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in SLACK_CONTENT_TYPES:
            raise RequestRefused(415, "Slack posts form-encoded or JSON bodies only")
        check_parses(body, content_type)
        if not self._seen.first_time(signature, REPLAY_WINDOW):
            # Slack's own redelivery of bytes it already sent is acked so it stops retrying;
            # anyone else replaying a request is refused. Either way nothing runs twice.
            slack_retry = "x-slack-retry-num" in headers
            raise RequestRefused(200 if slack_retry else 401, "request already received")


def signed_by_slack(secret: bytes, body: bytes, timestamp: str, signature: str) -> bool:
    """Slack's v0 scheme on the raw bytes: HMAC-SHA256 of "v0:{timestamp}:{body}", fresh.

    Written out rather than slack_sdk's SignatureVerifier, which raises on a non-numeric
    timestamp and on a body that is not UTF-8 instead of answering False."""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > STALE_AFTER_SECONDS:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode())


def check_parses(body: bytes, content_type: str) -> None:
    """Raise RequestRefused(400) unless Bolt's own parser reads the body as one JSON object."""
    try:
        parsed = parse_body(body.decode("utf-8"), content_type)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise RequestRefused(400, f"malformed body ({type(error).__name__})") from error
    if not isinstance(parsed, dict):
        raise RequestRefused(400, "malformed body (not a JSON object)")
