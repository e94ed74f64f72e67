"""The Slack edge every surface shares: who and where a request comes from, Slack's escaped
text decoded once, channel membership, and one way of answering errors."""
