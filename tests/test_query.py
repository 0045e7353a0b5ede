"""`plan-progress query`: output formats, several packages, and its exit codes."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from conftest import run_cli
from cookbook_answers import Source, goals_by_municipality
from plan_progress.cli.main import main
from plan_progress.sparql import display_width
from result_rows import from_json

QUERIES = Path(__file__).resolve().parents[1] / "queries"
GOALS = str(QUERIES / "02-goals-by-municipality.rq")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_over_the_current_directory(capsys, root: Path, monkeypatch) -> None:
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "query", GOALS)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("|")[1].strip() == "code"
    goals = goals_by_municipality([Source.read(root)])
    for goal in goals:
        assert any(goal[3] in line and f" {goal[2]} " in line for line in lines[2:])
    assert lines[-1] == f"({len(goals)} 件 / {len(goals)} rows)"


def test_table_columns_line_up_with_full_width_text(capsys, root: Path) -> None:
    _, out, _ = run(capsys, "query", str(root), GOALS)
    rows = out.splitlines()[:-1]
    assert len({display_width(line.rstrip()) for line in rows[:2]}) == 1
    # the widest Japanese title sets the width of its column for every row
    assert len({display_width(line) for line in rows}) == 1


def test_csv_is_sparql_results_csv(capsys, both_packages: list[Path]) -> None:
    code, out, _ = run(capsys, "query", *map(str, both_packages), GOALS, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["code", "municipality", "goalNumber", "goal"]
    want = goals_by_municipality([Source.read(p) for p in both_packages])
    assert [(r[0], r[1], int(r[2]), r[3]) for r in rows[1:]] == want


def test_json_is_sparql_results_json_over_two_plans(capsys, both_packages: list[Path]) -> None:
    code, out, _ = run(capsys, "query", *map(str, both_packages), GOALS, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"] == ["code", "municipality", "goalNumber", "goal"]
    assert from_json(document) == goals_by_municipality([Source.read(p) for p in both_packages])


def test_ask_prints_the_boolean(capsys, root: Path) -> None:
    code, out, _ = run(capsys, "query", str(root), str(QUERIES / "14-missing-author-entry.rq"))
    assert (code, out) == (0, "false\n")


def test_construct_prints_turtle_with_prefixes_by_default(
    capsys, root: Path, tmp_path: Path
) -> None:
    query = tmp_path / "links.rq"
    query.write_text(
        "CONSTRUCT WHERE { ?plan <https://w3id.org/plan-progress/ns#standardAreaCode> ?area }",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "query", str(root), str(query))
    assert code == 0
    assert "@prefix pp: <https://w3id.org/plan-progress/ns#> ." in out
    assert (
        "<https://w3id.org/plan-progress/id/092169/plan/chiiki-fukushi-2>"
        " pp:standardAreaCode <http://data.e-stat.go.jp/lod/sac/C09216> ." in out
    )
    code, out, _ = run(capsys, "query", str(root), str(query), "--format", "ntriples")
    assert (code, out) == (
        0,
        "<https://w3id.org/plan-progress/id/092169/plan/chiiki-fukushi-2>"
        " <https://w3id.org/plan-progress/ns#standardAreaCode>"
        " <http://data.e-stat.go.jp/lod/sac/C09216> .\n",
    )
    code, _, err = run(capsys, "query", str(root), str(query), "--format", "csv")
    assert code == 2
    assert "[query.format]" in err
    code, _, err = run(capsys, "query", str(root), GOALS, "--format", "turtle")
    assert code == 2
    assert "[query.format]" in err


def test_a_store_made_by_load_answers_like_the_packages(
    capsys, both_packages: list[Path], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    assert main(["load", str(store), *map(str, both_packages)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "query", "--store", str(store), GOALS, "--format", "json")
    assert code == 0
    assert from_json(json.loads(out)) == goals_by_municipality(
        [Source.read(p) for p in both_packages]
    )
    code, _, _ = run(capsys, "query", "--store", str(store), str(both_packages[0]), GOALS)
    assert code == 2


def test_timeout_ends_a_long_query_with_exit_1(root: Path, tmp_path: Path) -> None:
    query = tmp_path / "slow.rq"
    query.write_text(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        encoding="utf-8",
    )
    started = time.monotonic()
    result = run_cli("query", str(root), str(query), "--timeout", "1", "--lang", "en")
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{query}::: [query.timeout] The query did not finish within the time limit (1 s)." in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("ASK { FILTER(" + "!" * 20_000 + "true) }", "query.too-deep"),
        ("ASK { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }", "query.too-deep"),
        (
            "ASK { " + " . ".join(f"?s <http://x/p> ?o{i}" for i in range(12_000)) + " }",
            "query.too-long",
        ),
    ],
)
def test_a_query_that_would_crash_the_engine_is_refused(
    root: Path, tmp_path: Path, text: str, rule: str
) -> None:
    # Once these ended `query` with a segmentation fault (the engine's stack, in-process).
    query = tmp_path / "hostile.rq"
    query.write_text(text, encoding="utf-8")
    result = run_cli("query", str(root), str(query), "--lang", "en")
    assert result.returncode == 1 and result.stdout == ""
    assert f"[{rule}]" in result.stderr


def test_malformed_query_exits_1_with_rule_id(capsys, root: Path, tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    code, out, err = run(capsys, "query", str(root), str(query), "--lang", "en")
    assert code == 1
    assert out == ""
    assert f"{query}::: [query.syntax] The SPARQL query has a syntax error" in err


def test_update_is_not_a_query(capsys, root: Path, tmp_path: Path) -> None:
    query = tmp_path / "update.rq"
    query.write_text("DELETE WHERE { ?s ?p ?o }", encoding="utf-8")
    code, _, err = run(capsys, "query", str(root), str(query))
    assert code == 1
    assert "[query.syntax]" in err


def test_invalid_package_exits_1(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "query", str(tmp_path), GOALS)
    assert code == 1
    assert "[package.not-found]" in err


def test_package_without_generated_rdf_exits_1(capsys, root: Path, tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_bytes((root / "datapackage.json").read_bytes())
    code, _, err = run(capsys, "query", str(tmp_path), GOALS)
    assert code == 1
    assert "data/generated/report.nt::: [generated.missing]" in err


def test_unreadable_generated_rdf_exits_1(capsys, root: Path, tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_bytes((root / "datapackage.json").read_bytes())
    (tmp_path / "data/generated").mkdir(parents=True)
    (tmp_path / "data/generated/report.nt").write_text("<a> <b> .\n", encoding="utf-8")
    code, _, err = run(capsys, "query", str(tmp_path), GOALS)
    assert code == 1
    assert "[query.rdf-syntax]" in err


def test_missing_query_file_is_a_usage_error(capsys, root: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "query", str(root), str(tmp_path / "none.rq"))
    assert code == 2
    assert "[query.not-found]" in err


def test_no_arguments_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["query"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["query", GOALS, "--format", "yaml"])
    assert exit_.value.code == 2
