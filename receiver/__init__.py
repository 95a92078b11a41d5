"""The webhook receiver: a small FastAPI app over core.webhooks (pure) and core.intake."""
