"""`plan-progress diff OLD NEW` on real and example pairs of consecutive reports, checked
against expectations written by hand from the records' CSVs and transcription.md, and the
JSON output against schema/diff.schema.json."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import REPO
from plan_progress.cli.main import main
from series_packages import NEXT_PROGRESS

SCHEMA = json.loads((REPO / "schema" / "diff.schema.json").read_text(encoding="utf-8"))
H26 = REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h26"
H27 = REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h27"


def diff_json(old: Path, new: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(SCHEMA).validate(result)
    return result


def moves(grades: list[dict[str, Any]]) -> list[tuple[str | None, str | None, str, str | None]]:
    """(old code, new code, movement, reason) of each grade change."""
    return [
        ((g["old"] or {}).get("code"), (g["new"] or {}).get("code"), g["movement"], g["reason"])
        for g in grades
    ]


def test_the_schema_is_a_valid_json_schema_and_documents_every_property() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    missing = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                absent = {"title", "description", "type"} - set(sub)
                if absent:
                    missing.append((f"{where}/{name}", sorted(absent)))
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for sub in node:
                walk(sub, where)

    walk(SCHEMA, "")
    assert missing == []


def test_sasebo_h26_to_h27(capsys: pytest.CaptureFixture[str]) -> None:
    """The H26 and H27 answers of 佐世保市's committee: four goals (areas), one overall grade
    each on the scale 全体的な評価結果 (A-D, transcribed as nominal: the source prints no
    order, see transcription.md), no initiatives, entries or indicators. By hand from the
    CSVs: area1 B→B, area2 C→B, area3 B→B, area4 C→B; area3's title is printed 主体系 in
    H26 and 主体的 in H27; H27 restates the H26 grades (前年度), which are not its own."""
    result = diff_json(H26, H27, capsys)
    assert result["plan"] == {
        "municipality_code": "422029",
        "plan_id": "chiiki-fukushi-2",
        "title": "第2期佐世保市地域福祉計画・地域福祉活動計画",
    }
    assert (result["old"]["report_id"], result["old"]["fiscal_year"]) == ("toshin-h26", 2014)
    assert (result["new"]["report_id"], result["new"]["fiscal_year"]) == ("toshin-h27", 2015)
    goals = {g["goal_id"]: g for g in result["goals"]}
    assert list(goals) == ["area1", "area2", "area3", "area4"]
    assert {g["status"] for g in goals.values()} == {"kept"}
    # a nominal scale has no order: C to B is a change, never "up" by comparing letters
    assert moves(goals["area1"]["grades"]) == [("B", "B", "same", None)]
    assert moves(goals["area2"]["grades"]) == [("C", "B", "changed", "nominal-scale")]
    assert moves(goals["area3"]["grades"]) == [("B", "B", "same", None)]
    assert moves(goals["area4"]["grades"]) == [("C", "B", "changed", "nominal-scale")]
    assert goals["area3"]["title_change"] == {
        "status": "changed",
        "old": "地域の主体系活動を実践する取組み(地域福祉活動)",
        "new": "地域の主体的活動を実践する取組み(地域福祉活動)",
        "phrases": [
            {"op": "equal", "text": "地域の"},
            {"op": "delete", "text": "主体系"},
            {"op": "insert", "text": "主体的"},
            {"op": "equal", "text": "活動を実践する取組み(地域福祉活動)"},
        ],
    }
    for goal in ("area1", "area2", "area4"):
        assert goals[goal]["title_change"]["status"] == "unchanged"
    assert result["initiatives"] == [] and result["indicators"] == []
    assert result["other_grades"] == []
    assert result["summary"]["grades"] == {
        "up": 0, "down": 0, "same": 2, "changed": 2, "not-comparable": 0, "added": 0,
        "dropped": 0,
    }  # fmt: skip
    assert result["summary"]["titles_changed"] == 1


def test_sasebo_as_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(H26), str(H27)]) == 0
    text = capsys.readouterr().out
    assert "名称：変更あり：地域の[-主体系-]{+主体的+}活動を実践する取組み(地域福祉活動)" in text
    assert "評価 全体的な評価結果：C → B 変わった（順序のない尺度）" in text
    assert main(["diff", str(H26), str(H27), "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "Grade 全体的な評価結果: C → B changed (the scale has no order)" in english


def test_the_examples_two_years(
    series_packages: dict[str, list[Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The fictional example (令和6年度) and its fictional next year (tests/series_packages.py:
    one progress text, one grade C→B on the ordinal 達成度, one indicator value 148→158)."""
    old, new = series_packages["kakuu"]
    result = diff_json(old, new, capsys)
    initiatives = {i["initiative_id"]: i for i in result["initiatives"]}
    assert list(initiatives) == ["g1-1", "g1-1-1", "g1-1-2", "g1-2", "g2-1", "a1-1"]
    city = next(a for a in initiatives["g1-1"]["actors"] if a["actor_id"] == "city")
    assert city["progress"]["status"] == "changed"
    assert city["progress"]["new"] == NEXT_PROGRESS
    assert city["progress"]["phrases"] == [
        {"op": "equal", "text": "見守り協定を結ぶ事業者を新たに"},
        {"op": "delete", "text": "１２事業所増やしました。"},
        {"op": "insert", "text": "１５事業所増やしました（令和７年度の例）。"},
    ]
    assert city["issue"]["status"] == "unchanged"
    assert moves(city["grades"]) == [("A", "A", "same", None)]
    council = next(a for a in initiatives["g1-2"]["actors"] if a["actor_id"] == "shakyo")
    # C (rank 3) to B (rank 2) on 達成度: up, by the scale's order
    assert moves(council["grades"]) == [("C", "B", "up", None)]
    assert (council["grades"][0]["old"]["rank"], council["grades"][0]["new"]["rank"]) == (3, 2)
    # the actors with entries, by hand from progress-entries.csv (令和6年度 rows)
    assert [(i, a["actor_id"]) for i, x in initiatives.items() for a in x["actors"]] == [
        ("g1-1", "city"), ("g1-1", "shakyo"), ("g1-1-1", "city"), ("g1-1-2", "shakyo"),
        ("g1-2", "shakyo"), ("g1-2", "center"), ("g2-1", "city"), ("a1-1", "shakyo"),
        ("a1-1", "center"),
    ]  # fmt: skip
    summary = result["summary"]
    assert summary["entries"] == {"kept": 9, "added": 0, "dropped": 0}
    # 15 texts are printed in each year (9 entries, 6 with both progress and issue)
    assert summary["texts"] == {"unchanged": 14, "changed": 1, "added": 0, "removed": 0}
    assert summary["grades"]["up"] == 1 and summary["grades"]["down"] == 0
    indicators = {i["indicator_id"]: i for i in result["indicators"]}
    ind1 = indicators["ind1"]
    assert (ind1["old"]["value"], ind1["new"]["value"]) == ("148", "158")
    assert (ind1["old"]["fiscal_year"], ind1["new"]["fiscal_year"]) == (2024, 2025)
    assert (ind1["change"], ind1["difference"]) == ("up", "10")
    assert (ind1["baseline"]["value"], ind1["from_baseline"]) == ("120", "38")
    assert (ind1["target"]["value"], ind1["toward_target"]) == ("180", "toward")
    assert ind1["target_reached"] is False
    # ind3 is stated again for 令和6年度 only: no new value, no direction
    assert (indicators["ind3"]["change"], indicators["ind3"]["difference"]) == ("restated", None)
    assert indicators["ind4"]["toward_target"] is None


def test_items_added_and_dropped(
    series_packages: dict[str, list[Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The diff core on the example's two years' tables with rows taken out (a package
    without them would be another plan's): an initiative only the later year has is added;
    an entry and an indicator only the earlier year has are dropped."""
    from plan_progress.core.package import PlanPackage
    from plan_progress.diff.compare import diff_tables
    from plan_progress.pipeline.validation import checked_tables

    old, new = series_packages["kakuu"]
    before = checked_tables(PlanPackage.open(str(old)))[0]
    after = checked_tables(PlanPackage.open(str(new)))[0]
    assert before is not None and after is not None
    after = {**after, "progress-entries": [
        r for r in after["progress-entries"] if r["initiative_id"] != "g1-1-2"
    ], "indicators": [r for r in after["indicators"] if r["indicator_id"] != "ind2"]}  # fmt: skip
    before = {**before, "initiatives": [
        r for r in before["initiatives"] if r["initiative_id"] != "a1-1"
    ]}  # fmt: skip
    result = diff_tables(before, after)
    jsonschema.Draft202012Validator(SCHEMA).validate(result)
    initiatives = {i["initiative_id"]: i for i in result["initiatives"]}
    assert initiatives["a1-1"]["status"] == "added"
    assert initiatives["a1-1"]["title_change"]["status"] == "added"
    (dropped,) = initiatives["g1-1-2"]["actors"]
    assert dropped["status"] == "dropped" and dropped["progress"]["status"] == "removed"
    assert (
        dropped["progress"]["old"]
        == "民生委員と連携し、ひとり暮らし高齢者宅を延べ８２０回訪問しました。"
    )
    assert {i["indicator_id"]: i["status"] for i in result["indicators"]}["ind2"] == "dropped"
    assert result["summary"]["entries"]["dropped"] == 1
    assert result["summary"]["initiatives"] == {"added": 1, "dropped": 0}


def test_out_writes_the_page_and_only_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "diff.html"
    assert main(["diff", str(H26), str(H27), "--format", "html", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<del><span class="visually-hidden" lang="ja">削除：</span>主体系' in html
    assert '<ins><span class="visually-hidden" lang="ja">追加：</span>主体的' in html
    assert [p.name for p in tmp_path.iterdir()] == ["diff.html"]
    assert capsys.readouterr().out == ""


def test_hostile_text_is_shown_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A title carrying markup reaches the page escaped, in the changed phrases too."""
    from conftest import copy_package
    from series_packages import rewrite_csv

    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    new = copy_package(tmp_path / "h27", H27)
    rewrite_csv(new / "data" / "basic-goals.csv",
                lambda r: {**r, "title": r["title"] + hostile} if r["goal_id"] == "area1" else r)  # fmt: skip
    out = tmp_path / "diff.html"
    assert main(["diff", str(H26), str(new), "--format", "html", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert not re.search(r"<[^>]*\sonerror=", html)
