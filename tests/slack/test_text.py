"""Slack's escaped text is decoded once, into what the person wrote."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.blocks import escape, shown
from bot.privacy.invisible import INVISIBLE, JOINERS
from bot.slack.text import Mention, decode, without_controls


def test_entities_become_characters() -> None:
    assert decode("Faxes &amp; scans &lt;urgent&gt; ~30m/day").plain == (
        "Faxes & scans <urgent> ~30m/day"
    )


def test_an_escaped_entity_typed_literally_is_kept_as_typed() -> None:
    assert decode("write &amp;lt; for less-than").plain == "write &lt; for less-than"


def test_mentions_read_as_names_and_keep_their_ids() -> None:
    decoded = decode("ask <@U2|ana> and <@U3> first")

    assert decoded.plain == "ask @ana and @U3 first"
    assert decoded.mentions == (Mention("U2", "ana"), Mention("U3", None))
    assert decoded.mentioned_ids == ["U2", "U3"]


def test_channels_links_and_special_mentions_read_as_shown() -> None:
    decoded = decode(
        "see <#C1|general>, <https://x.org/a?b=1&amp;c=2|the guide>, <https://y.org>, "
        "<mailto:a@b.org|a@b.org>, <!subteam^S1|@nurses>, <!here> and <!channel>"
    )

    assert decoded.plain == (
        "see #general, the guide (https://x.org/a?b=1&c=2), https://y.org, a@b.org, "
        "@nurses, @here and @channel"
    )
    assert decoded.channels == ("C1",)


def test_nul_and_control_characters_are_removed_but_lines_kept() -> None:
    assert decode("a\x00b\x07c\nd\te").plain == "abc\nd\te"
    assert without_controls("x\x00\x1by") == "xy"


def test_invisible_characters_are_removed_but_emoji_joiners_kept() -> None:
    assert decode("MRN 6612\u200b0934, 415\u2060555\ufeff0134 re\u00adfill").plain == (
        "MRN 66120934, 4155550134 refill"
    )
    assert decode("pt Nak\u200damura").plain == "pt Nakamura"
    # A health worker emoji is a woman, a zero-width joiner and a staff of Aesculapius.
    assert (
        decode("thanks \U0001f469\u200d\u2695\ufe0f").plain == "thanks \U0001f469\u200d\u2695\ufe0f"
    )
    assert without_controls("6612\u200b0934") == "66120934"


@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs"), blacklist_characters=sorted(INVISIBLE | JOINERS)
        ),
        max_size=200,
    )
)
def test_any_text_slack_escapes_decodes_back_to_itself(typed: str) -> None:
    """Slack escapes &, < and > in what a person types; decoding gives the text back, as it
    is shown (`escape` redacts identifiers first, and a random word such as "AGNO" may read as
    a rare surname)."""
    assert decode(escape(typed)).plain == shown(typed).strip()
