"""The domain: pydantic models and pure rules, free of Slack, storage and language models."""
