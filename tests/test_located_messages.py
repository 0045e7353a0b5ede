"""Messages point at the source CSV a person edits, in the line's own language: a problem found
in the generated JSON-LD or RDF names the CSV row and column it came from, never a generated
file, never pyshacl's English in a Japanese line, never a whole JSON object; codelist values
read 「self、committee」 (issue 9, point 10)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from rdflib import Namespace, URIRef

from conftest import REPO, edit, run_cli
from plan_progress.checks.json_schema import check_json_schema
from plan_progress.checks.shacl import check_shacl_reference
from plan_progress.checks.tables import read_tables
from plan_progress.core.package import JSONLD, SOURCE_TABLES, TURTLE, PlanPackage
from plan_progress.model.profiles import load_profiles
from plan_progress.pipeline.generate import generate
from plan_progress.pipeline.validation import _locator

PP = Namespace("https://w3id.org/plan-progress/ns#")
EXAMPLE = REPO / "examples" / "kakuu-shi-chiiki-fukushi"
ENTRY = "plan/chiiki-fukushi-3/report/r6-evaluation/entry/g1-2-center"


def context():
    package = PlanPackage.open(EXAMPLE)
    tables = read_tables(package)
    paths = {name: package.relpath(name) for name in SOURCE_TABLES}
    outputs = generate(package, tables, load_profiles(package))
    row = next(r.number for r in tables["progress-entries"] if r["entry_id"] == "g1-2-center")
    return package, outputs, _locator(package, [tables], paths), row


def test_codelist_values_are_listed_in_the_message_language(example_copy: Path) -> None:
    edit(example_copy / "data/grade-scales.csv", "達成度,self,", "達成度,selbst,")
    ja = run_cli("validate", str(example_copy), "--lang", "ja")
    en = run_cli("validate", str(example_copy), "--lang", "en")
    assert ja.returncode == en.returncode == 1
    assert (
        "data/grade-scales.csv:2:assessor: [table.enum] 「selbst」はコード表にない値です（使える値：self、committee）。"
        in ja.stderr
    )
    assert "(allowed: self, committee)" in en.stderr
    assert "['self'" not in ja.stderr + en.stderr


def test_a_shacl_violation_is_reported_at_the_source_row() -> None:
    package, outputs, locator, row = context()
    graph = outputs.graph
    graph.remove((URIRef(package.base_iri + ENTRY), PP.actor, None))
    problems = check_shacl_reference(graph, package.relpath(TURTLE), locator)
    located = [p for p in problems if p.file == "data/progress-entries.csv"]
    assert [(p.rule, p.row, p.column) for p in located] == [("rdf.shacl", row, "actor_id")]
    ja, en = located[0].message("ja"), located[0].message("en")
    assert "値がありません" in ja and not re.search(
        r"[A-Za-z]{5,} [a-z]{3,}", ja.replace("ProgressEntryShape", "")
    )
    assert "a value is missing" in en
    assert not any(p.file.startswith("data/generated") for p in problems)


def test_a_json_schema_problem_is_reported_at_the_source_row_without_the_object() -> None:
    package, outputs, locator, row = context()
    document = copy.deepcopy(outputs.document)
    entry = next(e for e in document["entries"] if e["id"] == ENTRY)
    del entry["actor"]
    problems = check_json_schema(document, package.relpath(JSONLD), 0, locator, locator.bases)
    assert [(p.rule, p.file, p.row, p.column) for p in problems] == [
        ("jsonld.schema", "data/progress-entries.csv", row, "actor_id")
    ]
    for lang in ("ja", "en"):
        message = problems[0].message(lang)
        assert "{" not in message and "'" not in message, message
    assert "必須の値がありません" in problems[0].message("ja")


def test_a_profile_column_may_refer_only_to_a_table_with_one_id_column(example_copy: Path) -> None:
    path = example_copy / "profiles" / "kakuu-budget.json"
    profile = json.loads(path.read_text(encoding="utf-8"))
    profile["fields"]["progress-entries"][-1]["references"] = "responsibilities"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    result = run_cli("validate", str(example_copy), "--lang", "en")
    assert result.returncode == 1
    assert "[profile.invalid]" in result.stderr and "'responsibilities'" in result.stderr
