"""`plan-progress migrate`: a package of version 0.1 becomes one of this version, values unchanged."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from plan_progress.core.package import SOURCE_TABLES
from plan_progress.core.version import __version__

OLD = REPO / "tests" / "fixtures" / "package-0.1"


@pytest.fixture
def old_package(tmp_path: Path) -> Path:
    return Path(shutil.copytree(OLD, tmp_path / "old"))


def rows(root: Path, table: str) -> list[dict[str, str]]:
    path = root / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_an_old_package_is_refused_with_the_command_that_migrates_it(old_package: Path) -> None:
    result = run_cli("validate", str(old_package), "--lang", "ja")
    assert result.returncode == 1
    (line,) = [x for x in result.stderr.splitlines() if "[package." in x]
    assert line.startswith(
        "datapackage.json::planProgress.standardVersion: [package.standard-version]"
    )
    assert f"plan-progress migrate {old_package}" in line and "0.1.0" in line
    assert "Traceback" not in result.stderr


def test_migrate_updates_the_contract_and_keeps_every_value(old_package: Path) -> None:
    before = {
        table: rows(old_package, table)
        for table in SOURCE_TABLES
        if (old_package / "data" / f"{table}.csv").is_file()
    }
    migrated = run_cli("migrate", str(old_package))
    assert migrated.returncode == 0, migrated.stderr
    descriptor = json.loads((old_package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["planProgress"]["standardVersion"] == __version__
    assert [r["name"] for r in descriptor["resources"]][: len(SOURCE_TABLES)] == list(SOURCE_TABLES)
    for table in ("initiative-goals", "grade-counts", "report-notes"):
        assert rows(old_package, table) == []  # new tables, header only
    for table, old_rows in before.items():
        new_rows = rows(old_package, table)
        if table == "grade-scales":
            # 0.1 levels were all ranked: every 0.1 scale is ordinal.
            assert [r.pop("scale_type") for r in new_rows] == ["ordinal"] * len(old_rows)
        # Every column of 0.2 is there; the added ones are empty, the others unchanged.
        assert [
            {k: r[k] for k in old} for r, old in zip(new_rows, old_rows, strict=True)
        ] == old_rows
        added = [{k: v for k, v in r.items() if k not in old_rows[0]} for r in new_rows]
        assert all(v == "" for r in added for v in r.values()), table
    built = run_cli("build", str(old_package))
    assert built.returncode == 0, built.stderr
    validated = run_cli("validate", str(old_package))
    assert validated.returncode == 0, validated.stderr


def test_migrate_twice_changes_nothing_the_second_time(old_package: Path) -> None:
    assert run_cli("migrate", str(old_package)).returncode == 0
    before = {p: p.read_bytes() for p in old_package.rglob("*") if p.is_file()}
    again = run_cli("migrate", str(old_package))
    assert again.returncode == 0 and "already" in again.stdout
    assert {p: p.read_bytes() for p in old_package.rglob("*") if p.is_file()} == before


def test_migrate_refuses_a_resource_path_outside_the_package(old_package: Path) -> None:
    path = old_package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "report-notes"]
    for resource in descriptor["resources"]:
        if resource["name"] == "grade-scales":
            resource["path"] = "../outside.csv"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    before = path.read_bytes()
    result = run_cli("migrate", str(old_package))
    assert result.returncode == 1 and "[path.outside-package]" in result.stderr
    assert path.read_bytes() == before and not (old_package.parent / "outside.csv").exists()


OLD_02 = REPO / "tests" / "fixtures" / "package-0.2"


@pytest.fixture
def package_02(tmp_path: Path) -> Path:
    return Path(shutil.copytree(OLD_02, tmp_path / "old-0.2"))


def test_a_02_package_is_refused_with_the_command_that_migrates_it(package_02: Path) -> None:
    result = run_cli("validate", str(package_02), "--lang", "en")
    assert result.returncode == 1
    (line,) = [x for x in result.stderr.splitlines() if "[package." in x]
    assert "[package.standard-version]" in line and "0.2.0" in line
    assert f"plan-progress migrate {package_02}" in line and "migration-0.3.md" in line


def test_migrate_02_to_03_adds_plan_revisions_and_keeps_every_value(package_02: Path) -> None:
    before = {table: rows(package_02, table) for table in SOURCE_TABLES if table != "plan-revisions"}
    migrated = run_cli("migrate", str(package_02))
    assert migrated.returncode == 0, migrated.stderr
    descriptor = json.loads((package_02 / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["planProgress"]["standardVersion"] == __version__ == "0.3.0"
    assert [r["name"] for r in descriptor["resources"]][: len(SOURCE_TABLES)] == list(SOURCE_TABLES)
    assert rows(package_02, "plan-revisions") == []  # the new table, header only
    assert {table: rows(package_02, table) for table in before} == before  # no value changes
    assert run_cli("build", str(package_02)).returncode == 0
    validated = run_cli("validate", str(package_02))
    assert validated.returncode == 0, validated.stderr
    # 0.3's IRI change: an entry is the report's, not the plan's.
    nt = (package_02 / "data" / "generated" / "report.nt").read_text(encoding="utf-8")
    assert "/plan/kenko-2/report/chukan-hyoka/entry/" in nt and "/plan/kenko-2/entry/" not in nt
