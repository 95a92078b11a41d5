"""`python -m dashboard` imports the pages' modules before the server opens its port."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dashboard.preload import page_imports

ROOT = Path(__file__).resolve().parents[2]


def in_a_new_interpreter(script: str) -> subprocess.CompletedProcess[str]:
    """`script` run by a fresh Python (this test process has imported half of it already),
    without a store; it must succeed."""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                               "LIVESTOCK_DB": "sqlite:////nonexistent/never-opened.db"})
    assert done.returncode == 0, done.stderr
    return done


def test_the_list_is_read_from_the_pages_own_imports(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text("import pandas as pd\nfrom dashboard import review_data\n"
                    "from .local import x\n\ndef f():\n    import plotly.io\n")

    names = page_imports([page])

    assert names == ["pandas", "dashboard", "dashboard.review_data", "plotly.io"]


def test_preload_imports_every_page_module_and_the_lazy_libraries_without_a_store() -> None:
    script = (
        "import json, sys\n"
        "from dashboard.preload import LAZY, page_imports, preload\n"
        "loaded = preload()\n"
        "wanted = ['dashboard.review_data', 'dashboard.planning_data', 'dashboard.data',\n"
        "          'dashboard.warehouse_charts', 'pandas', 'plotly.graph_objects', *LAZY]\n"
        "print(json.dumps({'missing': [m for m in wanted if m not in sys.modules],\n"
        "                  'loaded': loaded}))\n")
    done = in_a_new_interpreter(script)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["missing"] == []
    assert "core.review.service" in result["loaded"]
    assert "No runtime found" not in done.stderr  # the cache decorators' warning is quietened


def test_the_first_pages_icon_check_imports_nothing_after_preload() -> None:
    # set_page_config checks the page icon with string_util.is_emoji, which imports
    # Streamlit's emoji catalogue (0.2 s of a new server's first page) unless preloaded.
    script = (
        "import json, sys\n"
        "from dashboard.preload import preload\n"
        "preload()\n"
        "from streamlit import string_util\n"
        "before = set(sys.modules)\n"
        "assert string_util.is_emoji('\\N{VERTICAL TRAFFIC LIGHT}')\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n")
    done = in_a_new_interpreter(script)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
