"""Shared fixtures: the repository's package, throw-away copies of it to break, and a second,
synthetic package built from it (for queries over several plans)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plan_progress.core.municipality_code import check_digit
from plan_progress.core.package import GENERATED, PlanPackage
from plan_progress.pipeline.build import build

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.parent for p in (REPO / "examples").glob("*/datapackage.json"))
# Real public records of other municipalities, encoded as test packages (tests/records/).
RECORDS = sorted(p.parent for p in (REPO / "tests" / "records").glob("*/datapackage.json"))
# The packages the repository publishes: the Shimotsuke data and the fictional examples.
PACKAGES = [REPO, *EXAMPLES]
# Every package kept in the repository, the real records too (the model's own tests use these).
ALL_PACKAGES = [*PACKAGES, *RECORDS]


def package_id(root: Path) -> str:
    return "shimotsuke" if root == REPO else root.name


def temp_leftovers(folder: Path) -> list[str]:
    """What our code left in a temporary folder: anything named plan-progress-* (the prefix
    of every temporary folder the package makes)."""
    return sorted(p.name for p in folder.glob("plan-progress-*"))


@pytest.fixture(scope="session", autouse=True)
def no_temp_leftovers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The suite leaves nothing in the temporary directory (issue 24, class 15).

    The session gets a private temporary directory (TMPDIR, inherited by every command the
    tests start), so a run beside other runs on the same machine sees only its own leftovers;
    at the end, any plan-progress-* in it fails the session, named. pytest's own tmp_path
    folders are fixed first, in the usual place."""
    tmp_path_factory.getbasetemp()
    private = Path(tempfile.mkdtemp(prefix="pp-test-tmp-"))
    # Servers the tests start under other users (Apache's www-data) must pass through it to
    # the folders the tests open to them, as through /tmp; what is inside keeps its own modes.
    private.chmod(0o755)
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(private), str(private)
    try:
        yield private
        left = temp_leftovers(private)
    finally:
        if saved[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[0]
        tempfile.tempdir = saved[1]
        shutil.rmtree(private, ignore_errors=True)
    assert not left, f"the tests left these in the temporary directory: {left}"


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


ROOT = REPO

# A code no municipality has (Tochigi's codes stop at 09411), with a valid check digit:
# the second package is synthetic test data, not a real plan.
SYNTHETIC_CODE5 = "09999"
SYNTHETIC_CODE = SYNTHETIC_CODE5 + str(check_digit(SYNTHETIC_CODE5))
SYNTHETIC_NAME = "架空市"
SYNTHETIC_BASE = f"https://example.org/plan-progress/id/{SYNTHETIC_CODE}/"
# Left out of the synthetic plan, so that answers differ between the two plans.
SYNTHETIC_DROPPED_GOAL = "g3"
SYNTHETIC_DROPPED_ENTRY = "g2-5-shakyo"


def _rewrite_csv(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = [row for row in (change(r) for r in reader) if row is not None]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def make_synthetic_package(target: Path) -> Path:
    """A copy of the Shimotsuke package under another (fictitious) municipality and base IRI,
    with basic goal 3 and one council entry removed, then built."""
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "data", target / "data")
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["name"] = "synthetic-test-plan"
    descriptor["id"] = SYNTHETIC_BASE + "chiiki-fukushi-2"
    descriptor["title"] = "架空市 テスト用の架空データ / Fictitious city: synthetic test data"
    descriptor["planProgress"]["baseIri"] = SYNTHETIC_BASE
    (target / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    data = target / "data"

    def plan(row):
        return {
            **row,
            "municipality_code": SYNTHETIC_CODE,
            "municipality_name": SYNTHETIC_NAME,
            "title": "架空市地域福祉計画（テスト用の架空データ）",
        }

    def actor(row):
        return {**row, "name": row["name"].replace("下野市", SYNTHETIC_NAME)}

    _rewrite_csv(data / "plans.csv", plan)
    _rewrite_csv(data / "actors.csv", actor)
    _rewrite_csv(
        data / "basic-goals.csv", lambda r: None if r["goal_id"] == SYNTHETIC_DROPPED_GOAL else r
    )
    _rewrite_csv(
        data / "initiatives.csv", lambda r: None if r["goal_id"] == SYNTHETIC_DROPPED_GOAL else r
    )
    _rewrite_csv(
        data / "progress-entries.csv",
        lambda r: (
            None
            if r["initiative_id"].startswith(SYNTHETIC_DROPPED_GOAL + "-")
            or r["entry_id"] == SYNTHETIC_DROPPED_ENTRY
            else r
        ),
    )
    build(PlanPackage.open(target))
    return target


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def synthetic_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic_package(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="session")
def both_packages(synthetic_package: Path) -> list[Path]:
    return [ROOT, synthetic_package]


# The reuse issue's fictional examples: every optional part (goal lists, sub-measures,
# grades, indicators), other kinds of actor, entries without an issue.
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if (p / "datapackage.json").is_file())


@pytest.fixture(scope="session")
def all_packages(synthetic_package: Path) -> list[Path]:
    """Shimotsuke, the synthetic copy and the reuse examples: four plans in one graph."""
    return [ROOT, synthetic_package, *EXAMPLES]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """Three synthetic packages and their merge, built (see tests/scale_helpers.py)."""
    from scale_helpers import make_corpus

    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of every package in the repository, built once (plan-progress site)."""
    from plan_progress.site.build import build_site, write_site

    out = tmp_path_factory.mktemp("site") / "site"
    write_site(out, build_site([str(p) for p in PACKAGES]))
    return out


@pytest.fixture(scope="session")
def series_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Plans with two yearly reports: the real Sasebo answers (FY2014, FY2015) and the
    fictional example with a fictional next year (tests/series_packages.py)."""
    from series_packages import kakuu_next_year

    folder = tmp_path_factory.mktemp("series")
    sasebo = [
        copy_package(folder / path.name, path)
        for path in sorted(REPO.glob("tests/records/sasebo-chiiki-fukushi-toshin-h2*"))
    ]
    kakuu = [copy_package(folder / "kakuu-r6", REPO / "examples" / "kakuu-shi-chiiki-fukushi")]
    kakuu.append(kakuu_next_year(folder / "kakuu-r7"))
    return {"sasebo": sasebo, "kakuu": kakuu}


@pytest.fixture(scope="session")
def history_site(tmp_path_factory: pytest.TempPathFactory, series_packages) -> Path:
    """The site of the two series (given newest first: the site orders them by year)."""
    from plan_progress.site.build import build_site, write_site

    out = tmp_path_factory.mktemp("history-site") / "site"
    given = [*reversed(series_packages["sasebo"]), *reversed(series_packages["kakuu"])]
    write_site(out, build_site([str(p) for p in given]))
    return out
