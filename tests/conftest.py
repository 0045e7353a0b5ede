"""Shared fixtures: the repository's package, and throw-away copies of it to break."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plan_progress.package import GENERATED, PlanPackage

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def package() -> PlanPackage:
    return PlanPackage.open(REPO)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the Shimotsuke package (descriptor + data) in a temporary directory."""
    target = tmp_path / "pkg"
    target.mkdir()
    shutil.copy2(REPO / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO / "data", target / "data")
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the console entry point in a fresh interpreter, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "plan_progress", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def generated_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every generated file of the package at `root` (missing files as '')."""
    package = PlanPackage.open(root)
    digests = {}
    for name in GENERATED:
        path = package.path(name)
        digests[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    return digests


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """Three synthetic packages and their merge, built (see tests/scale_helpers.py)."""
    from scale_helpers import make_corpus

    return make_corpus(tmp_path_factory.mktemp("corpus"))
