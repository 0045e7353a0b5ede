"""The suite's guard against leftovers in the temporary directory (tests/conftest.py), and
the leak it was written for: `plan-progress review` whose listening fails (issue 24, #15)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import temp_leftovers


def test_the_session_has_a_private_temporary_directory(no_temp_leftovers: Path) -> None:
    assert Path(tempfile.gettempdir()) == no_temp_leftovers
    assert os.environ["TMPDIR"] == str(no_temp_leftovers)


def test_the_guard_names_what_is_left(tmp_path: Path) -> None:
    (tmp_path / "plan-progress-review-x1").mkdir()
    (tmp_path / "plan-progress-serve-y2").mkdir()
    (tmp_path / "pytest-of-someone").mkdir()
    assert temp_leftovers(tmp_path) == ["plan-progress-review-x1", "plan-progress-serve-y2"]


def test_review_that_cannot_listen_leaves_no_store(no_temp_leftovers: Path) -> None:
    """Without PP_REVIEW_STORE the page makes its own store folder, then fails to listen on
    an address that is not this machine's: the folder must go too."""
    env = {k: v for k, v in os.environ.items() if k != "PP_REVIEW_STORE"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plan_progress",
            "review",
            "--host",
            "192.0.2.1",
            "--allow-remote",
            "--port",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "cannot listen" in result.stderr
    assert temp_leftovers(no_temp_leftovers) == []
