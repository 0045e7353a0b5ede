"""The cookbook's text questions in their fast form (queries/facts/): the same answers as the
original queries, which read every text, from the lengths and paragraph counts the data
carries; and those facts are the texts' own (counted as SPARQL counts them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RECORDS
from cookbook_answers import expected
from plan_progress.core.standard import vocab_path
from plan_progress.sparql import load_store, run_query
from result_rows import from_oxigraph

QUERIES = Path(__file__).resolve().parents[1] / "queries"
FAST = sorted(p.name for p in (QUERIES / "facts").glob("*.rq"))
PP = "https://w3id.org/plan-progress/ns#"


@pytest.fixture(scope="module")
def packages(all_packages: list[Path]) -> list[Path]:
    """Shimotsuke, the synthetic copy, the examples and the real records."""
    return [*all_packages, *RECORDS]


@pytest.fixture(scope="module")
def store(packages: list[Path]):
    return load_store(packages)


def test_the_fast_forms_are_those_of_the_text_questions() -> None:
    assert FAST == [
        "10-text-length-per-goal.rq",
        "13-multi-paragraph-progress.rq",
        "19-text-length-without-line-breaks.rq",
    ]
    for name in FAST:
        fast = (QUERIES / "facts" / name).read_text("utf-8")
        original = (QUERIES / name).read_text("utf-8")
        assert fast.splitlines()[:2] == original.splitlines()[:2]  # the same question
        assert "STRLEN" not in fast and "CONTAINS" not in fast and "REPLACE" not in fast


@pytest.mark.parametrize("name", FAST)
def test_fast_form_answers_as_the_original(name: str, store, packages: list[Path]) -> None:
    fast = from_oxigraph(run_query(store, (QUERIES / "facts" / name).read_text("utf-8")))
    original = from_oxigraph(run_query(store, (QUERIES / name).read_text("utf-8")))
    assert fast == original
    assert fast  # not an empty answer: the question is really asked of the data


@pytest.mark.parametrize("name", FAST)
def test_fast_form_gives_the_answer_derived_from_the_source_tables(
    name: str, all_packages: list[Path]
) -> None:
    """The cookbook's expectations (derived from the CSV, not from a query) hold for the
    fast form too."""
    query = (QUERIES / "facts" / name).read_text("utf-8")
    assert from_oxigraph(run_query(load_store(all_packages), query)) == expected(
        name, all_packages, vocab_path()
    )


def test_the_facts_are_counted_from_the_texts(store) -> None:
    """Every entry's length and paragraph count are the text's, as SPARQL counts it, on
    every package; an entry without a text has no fact."""
    query = f"""PREFIX pp: <{PP}>
    SELECT ?entry ?text ?length ?paragraphs ?issue ?issueLength WHERE {{
      ?entry a pp:ProgressEntry .
      OPTIONAL {{ ?entry pp:progress ?text }}
      OPTIONAL {{ ?entry pp:progressLength ?length }}
      OPTIONAL {{ ?entry pp:progressParagraphs ?paragraphs }}
      OPTIONAL {{ ?entry pp:issue ?issue }}
      OPTIONAL {{ ?entry pp:issueLength ?issueLength }}
    }}"""
    seen = 0
    for row in run_query(store, query):
        text, issue = row["text"], row["issue"]
        if text is None:
            assert row["length"] is None and row["paragraphs"] is None
        else:
            assert int(row["length"].value) == len(text.value)
            assert int(row["paragraphs"].value) == text.value.count("\n") + 1
            seen += 1
        if issue is None:
            assert row["issueLength"] is None
        else:
            assert int(row["issueLength"].value) == len(issue.value)
    assert seen > 50
    strlen = f"""PREFIX pp: <{PP}>
    ASK {{ ?entry pp:progress ?text ; pp:progressLength ?length .
          FILTER(STRLEN(?text) != ?length) }}"""
    assert bool(run_query(store, strlen)) is False
