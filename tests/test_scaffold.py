"""`plan-progress new`: the skeleton's files, its refusals, and build/validate once filled in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import run_cli
from plan_progress import __version__
from plan_progress.core import standard
from plan_progress.core.package import SOURCE_TABLES

CODE, NAME = "092011", "宇都宮市"  # 宇都宮市: check digit 1 (6,5,4,3,2 weights, sum 55)


def new(tmp_path: Path, *extra: str, code: str = CODE, name: str = NAME) -> Path:
    target = tmp_path / "pkg"
    result = run_cli("new", str(target), "--code", code, "--name", name, *extra)
    assert result.returncode == 0, result.stderr
    return target


def test_descriptor_follows_the_standard_resource_list(tmp_path: Path) -> None:
    target = new(tmp_path)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    resources = standard.standard_resources()
    assert [r["name"] for r in descriptor["resources"]] == [r["name"] for r in resources]
    for made, expected in zip(descriptor["resources"], resources, strict=True):
        schema = made.pop("schema", None)
        assert made == expected
        if expected.get("type") == "table":
            assert schema == standard.table_schema(expected["name"])
        else:
            assert schema is None
    assert descriptor["planProgress"]["standardVersion"] == __version__
    assert descriptor["planProgress"]["baseIri"] == f"https://w3id.org/plan-progress/id/{CODE}/"
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert NAME in descriptor["title"] and NAME in descriptor["description"]


def test_every_source_table_has_its_header_and_nothing_invented(tmp_path: Path) -> None:
    target = new(tmp_path)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in descriptor["resources"]}
    written = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert written == {"datapackage.json", "README.md"} | {
        by_name[n]["path"] for n in SOURCE_TABLES
    }
    for name in SOURCE_TABLES:
        raw = (target / by_name[name]["path"]).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        rows = list(csv.reader(raw.decode("utf-8").splitlines()))
        assert rows[0] == [f["name"] for f in standard.table_schema(name)["fields"]]
        if name != "plans":
            assert rows[1:] == [], name
    plans = list(csv.DictReader((target / "data/plans.csv").open(encoding="utf-8")))
    assert len(plans) == 1
    filled = {k: v for k, v in plans[0].items() if v}
    assert filled == {"municipality_code": CODE, "municipality_name": NAME}


def test_plan_id_is_prefilled_when_given(tmp_path: Path) -> None:
    target = new(tmp_path, "--plan-id", "chiiki-fukushi-4")
    plans = list(csv.DictReader((target / "data/plans.csv").open(encoding="utf-8")))
    assert plans[0]["plan_id"] == "chiiki-fukushi-4"


def test_readme_names_the_municipality_tables_and_commands(tmp_path: Path) -> None:
    readme = (new(tmp_path) / "README.md").read_text(encoding="utf-8")
    assert NAME in readme and CODE in readme
    assert "plan-progress build pkg" in readme and "plan-progress validate pkg" in readme
    assert "plan-progress template book.xlsx --from pkg" in readme
    for resource in standard.standard_resources():
        if resource["name"] in SOURCE_TABLES:
            assert resource["path"] in readme
    assert readme.index("## 手順") < readme.index("## Steps")


def test_fresh_skeleton_validation_names_the_cells_to_fill(tmp_path: Path) -> None:
    target = new(tmp_path)
    result = run_cli("validate", str(target), "--format", "json", "--lang", "en")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    places = {(p["file"], p["row"], p["column"], p["rule"]) for p in problems}
    assert ("data/plans.csv", 2, "plan_id", "table.required") in places
    # Since 0.2 a plan's title may be unknown (a report need not name its plan).
    assert ("data/plans.csv", 2, "title", "table.required") not in places


def append_row(path: Path, values: dict[str, str]) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([values.get(c, "") for c in header])


def fill_minimal_example(target: Path) -> None:
    """The fewest rows a report needs. Invented example content, marked （例）."""
    data = target / "data"
    plans = (data / "plans.csv").read_text(encoding="utf-8")
    (data / "plans.csv").write_text(
        plans.replace(f",,{CODE},", f"example-plan,（例）地域福祉計画,{CODE},"), encoding="utf-8"
    )
    append_row(
        data / "reports.csv",
        {
            "report_id": "example-report",
            "plan_id": "example-plan",
            "title": "（例）事業進捗報告",
            "status": "draft",
        },
    )
    append_row(
        data / "actors.csv",
        {"actor_id": "city", "short_name": "市", "name": NAME, "actor_type": "municipality"},
    )
    append_row(data / "plan-authors.csv", {"plan_id": "example-plan", "actor_id": "city"})
    append_row(
        data / "basic-goals.csv",
        {"goal_id": "g1", "plan_id": "example-plan", "number": "1", "title": "（例）基本目標"},
    )
    append_row(
        data / "initiatives.csv",
        {"initiative_id": "g1-1", "goal_id": "g1", "number": "1", "title": "（例）取組"},
    )
    append_row(
        data / "progress-entries.csv",
        {
            "entry_id": "g1-1-city",
            "report_id": "example-report",
            "initiative_id": "g1-1",
            "actor_id": "city",
            "progress": "（例）進捗状況の記述。",
            "issue": "（例）課題の記述。",
        },
    )


def test_filled_in_skeleton_builds_validates_and_releases_unchanged(tmp_path: Path) -> None:
    target = new(tmp_path)
    fill_minimal_example(target)
    # The scaffold's title and description are placeholders: a release needs real ones
    # (tests/test_release_placeholders.py).
    name_titles(target)
    descriptor_before = (target / "datapackage.json").read_bytes()
    built = run_cli("build", str(target))
    assert built.returncode == 0, built.stderr
    assert (target / "data/generated/report.ttl").is_file()
    validated = run_cli("validate", str(target))
    assert validated.returncode == 0, validated.stderr
    assert (target / "datapackage.json").read_bytes() == descriptor_before
    flat = (target / "data/generated/progress-flat.csv").read_text(encoding="utf-8")
    assert f"g1-1-city,{CODE},{NAME}," in flat
    released = run_cli("release", str(target))
    assert released.returncode == 0, released.stderr
    assert "release.placeholder" not in released.stderr
    assert (target / "dist" / "SHA256SUMS").is_file()


def name_titles(target: Path) -> None:
    """Give the dataset the title and description a municipality would write."""
    path = target / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["title"] = "（例）地域福祉計画 事業進捗報告 / (Example) welfare plan progress"
    descriptor["description"] = "（例）地域福祉計画の事業進捗。 / (Example) progress of the plan."
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def test_new_writes_the_same_code_in_plans_and_the_base_iri(tmp_path: Path) -> None:
    target = new(tmp_path, code="131105", name="目黒区")
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    with (target / "data/plans.csv").open(encoding="utf-8", newline="") as f:
        (plan,) = list(csv.DictReader(f))
    assert plan["municipality_code"] == "131105"
    assert descriptor["planProgress"]["baseIri"].endswith("/131105/")
    assert descriptor["name"] == "plan-progress-131105"


@pytest.mark.parametrize(
    ("code", "rule", "ja", "en"),
    [
        ("09201", "new.municipality-code", "半角数字6桁", "six ASCII digits"),
        ("０９２０１１", "new.municipality-code", "半角数字6桁", "six ASCII digits"),
        ("092012", "code.municipality-check-digit", "正しくは 092011", "expected 092011"),
    ],
)
def test_bad_code_is_refused_in_both_languages(
    tmp_path: Path, code: str, rule: str, ja: str, en: str
) -> None:
    target = tmp_path / "pkg"
    result_ja = run_cli("new", str(target), "--code", code, "--name", NAME)
    result_en = run_cli("new", str(target), "--code", code, "--name", NAME, "--lang", "en")
    assert result_ja.returncode == result_en.returncode == 1
    assert f"--code: [{rule}]" in result_ja.stderr and ja in result_ja.stderr
    assert f"[{rule}]" in result_en.stderr and en in result_en.stderr
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no staging directory left behind


def test_bad_name_and_plan_id_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    result = run_cli(
        "new", str(target), "--code", CODE, "--name", " 宇都宮市", "--plan-id", "Plan_1"
    )
    assert result.returncode == 1
    assert "[new.name]" in result.stderr and "[new.plan-id]" in result.stderr
    assert not target.exists()


def test_non_empty_directory_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("new", str(target), "--code", CODE, "--name", NAME, "--lang", "en")
    assert result.returncode == 1
    assert "[new.target-exists]" in result.stderr and "not an empty directory" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_empty_existing_directory_is_used(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    target = new(tmp_path)
    assert (target / "datapackage.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_missing_code_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "pkg"), "--name", NAME)
    assert result.returncode == 2
    assert "--code" in result.stderr
