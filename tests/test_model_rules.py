"""Rules of the model beyond the Table Schemas, on the example that uses every optional part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import edit, generated_digests, run_cli

CASES = [
    # a grade with two subjects
    ("grades.csv", "gr1,tassei,A,,g1-1,city,", "gr1,tassei,A,g1,g1-1,city,", "model.subject", 2),
    # a value and a reason for its absence at once
    (
        "indicators.csv",
        ",6,2021,令和3年度,,",
        ",6,2021,令和3年度,not-available,",
        "model.value-and-status",
        3,
    ),
    # a sub-measure under another goal's initiative
    (
        "initiatives.csv",
        "g1-1-1,g1,1,見守り協力事業者の拡大,enhanced,g1-1,",
        "g1-1-1,g1,1,見守り協力事業者の拡大,enhanced,g2-1,",
        "model.parent-initiative",
        3,
    ),
    # two top-level initiatives numbered 1 under one goal
    ("initiatives.csv", "g1-2,g1,2,", "g1-2,g1,1,", "table.unique", 5),
    # a grade whose code is not a level of its scale (composite foreign key)
    ("grades.csv", "gr2,tassei,B,", "gr2,tassei,◎,", "table.foreign-key", 3),
    # a sub-measure whose parent does not exist
    (
        "initiatives.csv",
        "g1-1-1,g1,1,見守り協力事業者の拡大,enhanced,g1-1,",
        "g1-1-1,g1,1,見守り協力事業者の拡大,enhanced,zzz,",
        "table.foreign-key",
        3,
    ),
    # an unknown code in a codelist column
    (
        "responsibilities.csv",
        "g1-1,korei-fukushi,related",
        "g1-1,korei-fukushi,helper",
        "table.enum",
        3,
    ),
    # version 0.2: a grade with a number on a scale of levels
    ("grades.csv", "gr2,tassei,B,,", "gr2,tassei,,,", "model.grade-value", 3),
    # two levels of one scale with the same rank (a declared unique key)
    ("grade-levels.csv", "tassei,B,2,", "tassei,B,1,", "table.unique", 3),
    # the same initiative, actor and fiscal year twice
    (
        "progress-entries.csv",
        "。,,2023,令和5年度,3,",
        "。,,2024,令和5年度,3,",
        "table.unique",
        10,
    ),
    # an entry without progress or issue
    (
        "progress-entries.csv",
        ",講座の修了者が活動を始めるまでの支援が足りません。,2024",
        ",,2024",
        "model.entry-empty",
        11,
    ),
    # an initiative under two goals of one goal list
    ("initiative-goals.csv", "g1-2,a1", "g1-2,g2", "model.goal-per-list", 2),
    # a goal list owned by an actor that does not exist
    ("goal-lists.csv", "活動目標,shakyo", "活動目標,nobody", "table.foreign-key", 3),
    # a profile column referring to an indicator that does not exist
    ("progress-entries.csv", ",ind1", ",ind9", "table.foreign-key", 4),
    # a plan that is neither the report's nor under it
    (
        "plans.csv",
        "令和4年3月25日,\n",
        "令和4年3月25日,\nother,別の計画（例）,990019,架空市（例）,,,,,,,,\n",
        "model.plan-tree",
        3,
    ),
    # NaN is no printed value
    ("indicators.csv", ",148,2024,", ",NaN,2024,", "table.type", 2),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "rule", "row"), CASES, ids=[c[3] + str(i) for i, c in enumerate(CASES)]
)
def test_model_rule_is_enforced(example_copy: Path, file, old, new, rule, row) -> None:
    edit(example_copy / "data" / file, old, new)
    before = generated_digests(example_copy)
    result = run_cli("validate", str(example_copy), "--format", "json", "--lang", "en")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert any(
        p["rule"] == rule and p["file"] == f"data/{file}" and p["row"] == row for p in problems
    ), problems
    assert run_cli("build", str(example_copy)).returncode == 1
    assert generated_digests(example_copy) == before


def test_a_cycle_of_parent_initiatives_is_reported(example_copy: Path) -> None:
    edit(
        example_copy / "data/initiatives.csv",
        "g1-1,g1,1,地域の見守りネットワークの充実,continued,,",
        "g1-1,g1,1,地域の見守りネットワークの充実,continued,g1-1-1,",
    )
    result = run_cli("validate", str(example_copy), "--lang", "en")
    assert result.returncode == 1
    assert "[model.parent-initiative]" in result.stderr
