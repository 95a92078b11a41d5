"""The webhook receiver: a small FastAPI app over core.platforms.webhooks (pure) and
core.platforms.service (the intake)."""
