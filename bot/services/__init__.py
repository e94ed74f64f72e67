"""Services: the product's use cases, callable from Slack listeners, the CLI or a test alike."""
