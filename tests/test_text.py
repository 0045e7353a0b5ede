"""Text rules (`checks.text`): invisible, layout-changing, private-use, unassigned and stray
combining characters are refused; the seed's own texts (paragraph breaks, full-width text)
are fine."""

from __future__ import annotations

import pytest

from conftest import PACKAGES
from plan_progress.checks.tables import read_tables
from plan_progress.checks.text import character_problems, check_text
from plan_progress.core.package import SOURCE_TABLES, PlanPackage
from plan_progress.model.tables import Row

WHERE = ("data/x.csv", 2, "progress")


@pytest.mark.parametrize(
    ("char", "rule"),
    [
        ("\u0085", "text.invisible-character"),
        ("\u2028", "text.invisible-character"),
        ("\u2029", "text.invisible-character"),
        ("\u200b", "text.invisible-character"),
        ("\u200c", "text.invisible-character"),
        ("\u200d", "text.invisible-character"),
        ("\u200e", "text.invisible-character"),
        ("\u202a", "text.invisible-character"),
        ("\u202e", "text.invisible-character"),
        ("\u2066", "text.invisible-character"),
        ("\u2069", "text.invisible-character"),
        ("\ufeff", "text.invisible-character"),
        ("\u00ad", "text.invisible-character"),
        ("\ue000", "text.private-use"),
        ("\U000f0000", "text.private-use"),
        ("\u0378", "text.unassigned"),
        ("\ufffe", "text.unassigned"),
    ],
)
def test_invisible_and_odd_characters_are_named(char: str, rule: str) -> None:
    (problem,) = character_problems(f"取組を{char}進めた", WHERE)
    assert problem.rule == rule
    assert problem.params["char"] == f"U+{ord(char):04X}" and problem.params["position"] == 4


@pytest.mark.parametrize("text", ["\u0301あ", "あ \u0301", "あ\n\u3099か", "\u302aあ"])
def test_stray_combining_marks_are_refused(text: str) -> None:
    assert [p.rule for p in character_problems(text, WHERE)] == ["text.stray-combining-mark"]


@pytest.mark.parametrize(
    "text",
    [
        "取組を進めた。\nまた、支援を行った。",  # a paragraph break
        "８０５０問題、ＤＶ等",  # full-width digits and letters
        "葛\U000e0100飾区",  # a variation selector after a kanji (a name's form)
        "café",  # é is one character in NFC
        "①〜⑳",
    ],
)
def test_texts_as_printed_are_fine(text: str) -> None:
    assert character_problems(text, WHERE) == []


@pytest.mark.parametrize("root", PACKAGES, ids=lambda p: p.name)
def test_the_packages_texts_stay_valid(root) -> None:
    package = PlanPackage.open(root)
    paths = {name: package.relpath(name) for name in SOURCE_TABLES}
    assert check_text(read_tables(package), paths) == []


def test_one_problem_per_kind_and_cell() -> None:
    problems = check_text({"t": [Row(2, {"c": "\u200ba\u200bb\ue000"})]}, {"t": "t.csv"})
    assert [p.rule for p in problems] == ["text.invisible-character", "text.private-use"]
