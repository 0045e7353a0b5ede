"""Publishing against a portal that answers badly: a loopback stand-in for *malformed* CKAN
answers (the real CKAN stays the portal of tests/test_publish_ckan.py).

Each fault is one path prefix of the stand-in, so that the command line (run as a user runs
it, in a subprocess) meets exactly that fault. Every run must end in one line with a rule
id and exit 1, never a traceback, never the token.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ckan_stand_in import FAULTS, TOKEN, stand_in
from conftest import copy_package
from plan_progress.core.package import PlanPackage
from plan_progress.release.bundle import release


@pytest.fixture(scope="module")
def portal() -> Iterator[str]:
    with stand_in() as url:
        yield url


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    package = copy_package(tmp_path_factory.mktemp("release") / "pkg")
    release(PlanPackage.open(package))
    return package


@pytest.fixture(scope="module")
def runs(portal: str, released: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    def publish(fault: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        argv = ["publish", str(released), "--portal", f"{portal}/{fault}", "--org", "o"]
        result = subprocess.run(
            [sys.executable, "-m", "plan_progress", *argv, "--timeout", "1"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={"PLAN_PROGRESS_CKAN_TOKEN": TOKEN, "PATH": "/usr/bin:/bin", "PYTHONUTF8": "1"},
        )
        return fault, result

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(publish, FAULTS))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_malformed_portal_answer_is_one_line(fault: str, runs: dict) -> None:
    result = runs[fault]
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal.error" not in output, output
    assert TOKEN not in output
    assert result.returncode == 1, output
    rule = FAULTS[fault][-1]
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1 and f"[{rule}]" in lines[0], lines


def test_the_release_is_untouched_by_failed_publishing(released: Path, runs: dict) -> None:
    assert runs
    assert shutil.which("sha256sum")
    check = subprocess.run(
        ["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=released / "dist", check=False
    )
    assert check.returncode == 0
