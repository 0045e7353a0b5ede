"""The real pair of consecutive years found for issue 21: Nerima City's progress sheets of one
plan, 平成30年度・令和元年度 and 令和2年度 (tests/records/nerima-shogai-torikumi-*).

Every expected value is copied by hand from the transcriptions (transcription.md of each record).
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from conftest import REPO, copy_package, edit, run_cli
from plan_progress.model.series import check_series, group_series
from plan_progress.pipeline.series import read_members
from test_records import select

RECORDS = REPO / "tests" / "records"
H30_R1 = RECORDS / "nerima-shogai-torikumi-h30-r1"
R2 = RECORDS / "nerima-shogai-torikumi-r2"


def test_the_two_sheets_are_one_sound_series_ordered_by_year() -> None:
    members, problems = read_members([str(R2), str(H30_R1)])
    assert problems == []
    (series,) = group_series(members)
    assert (series.code, series.plan_id) == ("131202", "shogaisha-keikaku-5")
    assert [(m.report_id, m.first_year, m.last_year) for m in series.members] == [
        ("torikumi-h30-r1", 2018, 2019),
        ("torikumi-r2", 2020, 2020),
    ]
    assert check_series(series) == []
    # The plan's name (「・」 there, spaces here) and 「1−(1)」/「1-(1)」 are printed two ways:
    # declared as wording in the later sheet.
    assert sorted((r.table, r.key, r.fiscal_year) for r in series.members[1].revisions) == [
        ("basic-goals", "shisaku1-1", 2020),
        ("plans", "shogaisha-keikaku-5", 2020),
    ]


def test_validate_of_the_pair_from_the_command_line() -> None:
    result = run_cli("validate", str(H30_R1), str(R2), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "valid (2 packages)" in result.stdout


def test_without_the_declared_wording_the_series_names_both_spellings(tmp_path) -> None:
    old = copy_package(tmp_path / "a", H30_R1)
    new = copy_package(tmp_path / "b", R2)
    edit(new / "data" / "plan-revisions.csv", "shisaku1-1-wording-r2,", "x-wording-r2,")
    edit(new / "data" / "plan-revisions.csv", ",2020,令和2年度,shisaku1-1,", ",2020,令和2年度,,")
    result = run_cli("validate", str(old), str(new), cwd=REPO)
    assert result.returncode == 1
    assert "series.plan-conflict" in result.stderr
    assert "1−(1)" in result.stderr and "1-(1)" in result.stderr
    assert f"{new}/data/basic-goals.csv" in result.stderr
    assert f"{old}/data/basic-goals.csv" in result.stderr


def test_projects_printed_without_numbers_then_with_them() -> None:
    query = """SELECT ?title ?notation ?number WHERE {
                 ?i a pp:Initiative ; pp:title ?title .
                 OPTIONAL { ?i skos:notation ?notation }
                 OPTIONAL { ?i pp:number ?number }
               } ORDER BY ?title"""
    # No number is made up where the sheet prints none.
    assert select("nerima-shogai-torikumi-h30-r1", query) == [
        ("地域密着連携支援事業における勉強会等の実施", None, None),
        ("民間「計画相談支援」事業所の拡充", None, None),
        ("練馬障害福祉人材育成・研修センターと練馬介護人材育成・研修センターの共同研修", None, None),
    ]
    assert select("nerima-shogai-torikumi-r2", query) == [
        ("地域密着連携支援事業における勉強会等の実施", "[2]", 2),
        ("民間「計画相談支援」事業所の拡充", "[1]", 1),
    ]


def test_study_sessions_per_year_as_printed() -> None:
    query = """SELECT ?fy ?label ?text WHERE {
                 ?e a pp:ProgressEntry ; pp:aboutInitiative ?i ; pp:fiscalYear ?fy ;
                    pp:fiscalYearLabel ?label ; pp:progress ?text .
                 ?i pp:title "地域密着連携支援事業における勉強会等の実施"@ja .
               } ORDER BY ?fy"""
    assert select("nerima-shogai-torikumi-h30-r1", query) == [
        (2018, "平成30年度", "実施 19回"),
        (2019, "令和元年度", "実施 20回"),
    ]
    assert select("nerima-shogai-torikumi-r2", query) == [(2020, "令和2年度", "18回 実施")]


def test_offices_count_against_the_target_over_three_years() -> None:
    query = """SELECT ?fy ?value ?target WHERE {
                 ?ind a pp:Indicator ; pp:title "民間「計画相談支援」事業所総数"@ja ;
                      pp:unit "事業所" ; pp:target/pp:value ?target ; pp:yearlyValue ?m .
                 ?m pp:fiscalYear ?fy ; pp:value ?value .
               } ORDER BY ?fy"""
    assert select("nerima-shogai-torikumi-h30-r1", query) == [
        (2018, Decimal(27), Decimal(32)),
        (2019, Decimal(31), Decimal(32)),
    ]
    assert select("nerima-shogai-torikumi-r2", query) == [(2020, Decimal(33), Decimal(32))]


def test_targets_printed_as_words_stay_words_on_untitled_indicators() -> None:
    query = """SELECT ?project ?text ?heading WHERE {
                 ?ind a pp:Indicator ; pp:subject/pp:title ?project ;
                      pp:target ?target . ?target pp:valueText ?text ; pp:heading ?heading .
                 FILTER NOT EXISTS { ?ind pp:title ?title }
               } ORDER BY ?project"""
    assert select("nerima-shogai-torikumi-h30-r1", query) == [
        ("地域密着連携支援事業における勉強会等の実施", "継続", "整備・事業目標"),
        ("練馬障害福祉人材育成・研修センターと練馬介護人材育成・研修センターの共同研修", "研修の充実", "整備・事業目標"),
    ]
    assert select("nerima-shogai-torikumi-r2", query) == [
        ("地域密着連携支援事業における勉強会等の実施", "継続", "計画策定時の成果目標"),
    ]


# ---- a plan published on its own: 練馬区地域福祉計画 (令和7年度〜令和10年度) 概要版 ----------

PLAN_ONLY = RECORDS / "nerima-chiiki-fukushi-keikaku-r7"


def test_the_plan_on_its_own_validates_without_a_report() -> None:
    result = run_cli("validate", str(PLAN_ONLY), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert not select("nerima-chiiki-fukushi-keikaku-r7", "SELECT ?r WHERE { ?r a pp:ProgressReport }")


def test_the_plan_its_period_and_date_as_printed() -> None:
    assert select(
        "nerima-chiiki-fukushi-keikaku-r7",
        """SELECT ?title ?code ?startLabel ?endLabel ?adopted WHERE {
             ?p a pp:Plan ; pp:title ?title ; pp:municipalityCode ?code ;
                pp:adoptionDateLabel ?adopted ;
                pp:period [ pp:startFiscalYearLabel ?startLabel ; pp:endFiscalYearLabel ?endLabel ] .
           }""",
    ) == [("練馬区地域福祉計画", "131202", "令和7年度(2025年度)", "令和10年度(2028年度)", "令和7年(2025年)3月")]


def test_two_goal_lists_and_an_unnamed_principle() -> None:
    rows = select(
        "nerima-chiiki-fukushi-keikaku-r7",
        """SELECT ?list ?n ?title WHERE {
             ?g a pp:BasicGoal ; pp:inGoalList/pp:title ?list ; skos:notation ?n .
             OPTIONAL { ?g pp:title ?title }
           } ORDER BY ?list ?n""",
    )
    assert rows == [
        ("基本方針", "1", "共感"),
        ("基本方針", "2", "協働"),
        ("基本方針", "3", None),  # the store gives no name: none is made up
        ("施策の柱", "1", "区民との協働と地域の支え合いを推進する"),
    ]


def test_items_under_the_pillar_keep_their_printed_marks() -> None:
    rows = select(
        "nerima-chiiki-fukushi-keikaku-r7",
        """SELECT ?n ?title ?parentTitle WHERE {
             ?i a pp:Initiative ; skos:notation ?n ; pp:title ?title .
             OPTIONAL { ?parent pp:narrowerInitiative ?i . ?parent pp:title ?parentTitle }
           } ORDER BY ?n""",
    )
    assert rows == [
        ("(1)", "町会・自治会の活性化、相談体制の強化", "地域の福祉力を支える担い手を応援する"),
        ("(2)", "民生・児童委員の活動周知および関係機関との連携", "地域の福祉力を支える担い手を応援する"),
        ("1", "地域の福祉力を支える担い手を応援する", None),
    ]


# Columns that hold encoding (ids, order numbers, codes, ISO years, the source address) or a
# number read from the text: every other filled cell must be text that the raw excerpt holds.
ENCODING = {
    "number", "fiscal_year", "fiscal_year_end", "start_fiscal_year", "end_fiscal_year",
    "target_fiscal_year", "municipality_code", "actor_type", "revision_type", "target_value",
    "actual_value", "source_url",
}


@pytest.mark.parametrize("root", [H30_R1, R2, PLAN_ONLY], ids=lambda p: p.name)
def test_every_text_in_the_tables_is_in_the_raw_excerpt(root) -> None:
    transcription = (root / "transcription.md").read_text(encoding="utf-8")
    raw = transcription.split("```\n", 1)[1].split("\n```", 1)[0]
    missing = []
    for path in sorted((root / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for column, value in row.items():
                    text = value and not column.endswith("_id") and column not in ENCODING
                    if text and value not in raw:
                        missing.append((path.name, column, value))
    assert missing == []
