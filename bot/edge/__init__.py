"""The edge between Slack and the bot: what an HTTP request must pass before Bolt sees it, and
the Socket Mode connection (adapter, duplicate envelopes, whether a socket is up)."""
