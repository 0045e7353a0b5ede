"""The SPARQL benchmark script runs (`--quick`: the seed only) and reports every figure and
its verdicts; its timings are not asserted (a benchmark, not a timed test)."""

from __future__ import annotations

from pathlib import Path

from plan_progress.scale.bench_sparql import MARK_END, MARK_START, main


def test_quick_run_writes_its_section_and_keeps_the_rest(tmp_path: Path, capsys) -> None:
    document = tmp_path / "benchmarks.md"
    document.write_text("# Benchmarks\n\nearlier content\n", encoding="utf-8")
    assert main(["--quick", "--work", str(tmp_path / "work"), "--output", str(document)]) == 0
    text = document.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nearlier content\n")
    section = text.split(MARK_START, 1)[1].split(MARK_END, 1)[0]
    for figure in ("plan-progress serve", "bare oxigraph", "Slow-client flood", "`19-"):
        assert figure in section
    assert "| seed (28 entries) | 4 | plan-progress serve | 20 | 0 |" in section  # no errors
    assert "Targets: 0 errors: met" in section
    assert "under concurrent clients on the largest store: " in section
    assert " (4 clients " in section  # the quick run's largest store is the seed
    # A second run replaces its section instead of adding another.
    assert main(["--quick", "--work", str(tmp_path / "work"), "--output", str(document)]) == 0
    assert document.read_text(encoding="utf-8").count(MARK_START) == 1
    capsys.readouterr()


def test_rounds_take_turns_and_pool_each_servers_requests(tmp_path: Path, capsys) -> None:
    document = tmp_path / "benchmarks.md"
    document.write_text("# Benchmarks\n", encoding="utf-8")
    arguments = ["--quick", "--rounds", "2", "--work", str(tmp_path / "work")]
    assert main([*arguments, "--output", str(document)]) == 0
    section = document.read_text(encoding="utf-8").split(MARK_START, 1)[1]
    assert "scripts/bench_sparql.py --quick --rounds 2`" in section
    # 4 clients × 5 queries, twice: both rounds' requests in one row, none failed.
    assert "| seed (28 entries) | 4 | plan-progress serve | 40 | 0 |" in section
    assert "| seed (28 entries) | 4 | bare oxigraph | 40 | 0 |" in section
    round_row = next(
        line
        for line in section.splitlines()
        if line.startswith("| seed (28 entries) | 4 | ") and line.count("×") == 3
    )
    assert round_row  # two rounds' ratios and the pooled one
    capsys.readouterr()
