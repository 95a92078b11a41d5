"""The team's secrets file never gets into the repository by accident."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="not a git checkout")
@pytest.mark.parametrize("path", [".streamlit/secrets.toml", "deploy/secrets.toml"])
def test_git_ignores_every_secrets_toml(path: str) -> None:
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT,
                             check=False)

    assert ignored.returncode == 0, f"{path} is not in .gitignore"
