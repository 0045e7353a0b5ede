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
    assert set(re.findall(r"\{(\w+)\}", rule.ja)) == set(re.findall(r"\{(\w+)\}", rule.en))


def test_every_rule_id_in_the_code_is_catalogued() -> None:
    used = set()
    for path in (REPO / "src" / "plan_progress").rglob("*.py"):
        used |= set(
            re.findall(
                r'"((?:table|text|code|model|package|profile|jsonld|rdf|generated|release|publish'
                r'|new|template|import|query|site)\.[a-z-]+)"',
                path.read_text(encoding="utf-8"),
            )
        )
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
