"""Every rule speaks Japanese and English, every rule the code raises is catalogued and documented."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from plan_progress.core.messages import RULES
from plan_progress.core.problems import Problem
from plan_progress.core.rules_doc import render

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_japanese_and_english_text_and_a_fix(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert JAPANESE.search(rule.ja) and JAPANESE.search(rule.fix_ja)
    assert re.match(r"[A-Za-z{]", rule.en) and rule.fix_en
    assert not JAPANESE.search(rule.fix_en.replace("答申", ""))
    # A parameter may come in two languages (detail_ja beside detail): the same parameter.
    assert _parameters(rule.ja) == _parameters(rule.en)


def _parameters(text: str) -> set[str]:
    return {re.sub(r"_(ja|en)$", "", name) for name in re.findall(r"\{(\w+)\}", text)}


def test_every_rule_id_in_the_code_is_catalogued() -> None:
    used = set()
    for path in (REPO / "src" / "plan_progress").rglob("*.py"):
        used |= set(
            re.findall(
                r'"((?:table|text|code|model|package|profile|jsonld|rdf|generated|release|publish'
                r"|new|template|import|query|store|serve|site|path|limit|io|internal|review|virtuoso)"
                r'\.[a-z-]+)"',
                path.read_text(encoding="utf-8"),
            )
        )
    # File names with the same shape (package.zip, review.css) are not rule ids.
    used = {
        u
        for u in used
        if u.rsplit(".", 1)[1] not in ("zip", "css", "js", "json", "xlsx", "ini", "log")
    }
    assert used
    assert used <= set(RULES), used - set(RULES)


def test_unknown_rule_ids_are_refused() -> None:
    with pytest.raises(ValueError):
        Problem("no.such-rule", "x.csv")


def test_rules_document_is_current() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), (
        "docs/rules.md is stale; fix with: python -m plan_progress.core.rules_doc > docs/rules.md"
    )


def test_a_problem_is_one_line_with_long_values_cut() -> None:
    problem = Problem(
        "table.type",
        "data/a\nb.csv",
        3,
        "col\u202e",
        {"value": "x\ny" * 300_000, "type": "integer"},
    )
    for lang in ("ja", "en"):
        line = problem.as_line(lang)
        assert "\n" not in line and "\u202e" not in line and len(line) < 600
        assert "x\\ny" in line and "…" in line
    assert len(problem.as_dict("en")["params"]["value"]) <= 200


def test_credentials_in_urls_are_redacted() -> None:
    problem = Problem(
        "publish.bad-url",
        "https://editor:hunter2@example.org/?token=abc",
        params={"url": "http://u:p@h/?apikey=k"},
    )
    for lang in ("ja", "en"):
        line = problem.as_line(lang)
        assert "hunter2" not in line and "editor" not in line and "abc" not in line
        assert "u:p@" not in line and "apikey=k" not in line and "***" in line


def test_frictionless_english_stays_out_of_japanese_lines() -> None:
    from plan_progress.checks.source_files import header_problems

    problems = header_problems(["a", "a"], ["a", "b"], "data/x.csv")
    assert [(p.rule, p.column) for p in problems] == [("table.header", "a"), ("table.header", "b")]
    japanese = problems[0].as_line("ja")
    assert "appears twice" not in japanese and "重複" in japanese
    assert "appears twice" in problems[0].as_line("en")
