"""`python -m core`: the livestock command."""

from core.cli import app

app(prog_name="livestock")
