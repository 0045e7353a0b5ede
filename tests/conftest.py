"""Shared fixtures: the repository's package, and throw-away copies of it to break."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from plan_progress.package import GENERATED, PlanPackage

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.parent for p in (REPO / "examples").glob("*/datapackage.json"))
# Every package kept in this repository: the Shimotsuke data and the fictional examples.
PACKAGES = [REPO, *EXAMPLES]


def package_id(root: Path) -> str:
    return "shimotsuke" if root == REPO else root.name


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def package() -> PlanPackage:
    return PlanPackage.open(REPO)


def copy_package(target: Path, source: Path = REPO) -> Path:
    """Copy a package's descriptor, data and profiles (not the repository around it)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "datapackage.json", target / "datapackage.json")
    shutil.copytree(source / "data", target / "data")
    if (source / "profiles").is_dir():
        shutil.copytree(source / "profiles", target / "profiles")
    return target


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the Shimotsuke package (descriptor + data) in a temporary directory."""
    return copy_package(tmp_path / "pkg")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the fictional example that uses every optional part and a profile."""
    return copy_package(tmp_path / "example", REPO / "examples" / "kakuu-shi-chiiki-fukushi")


def edit_descriptor(root: Path, change: dict[str, Any]) -> None:
    """Update top-level keys of a package's datapackage.json."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update(change)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file, failing loudly when it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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
