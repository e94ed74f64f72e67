"""Unburden: a Slack bot for burden-reduction working groups."""
