"""`python -m cli`: the livestock command."""

from cli import app

app(prog_name="livestock")
