"""The benchmark's code on a tiny corpus, so that it cannot rot (nothing here is timed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from plan_progress.core.package import NTRIPLES, PlanPackage
from plan_progress.rdf import jsonld_rdf as rdf
from plan_progress.scale import bench, bench_steps


def test_every_library_step_runs_on_the_merged_corpus(corpus, tmp_path: Path) -> None:
    _, merged = corpus
    dirs_file = bench.write_dirs(tmp_path / "dirs", [merged])
    for name, function in bench_steps.STEPS.items():
        arg = ""
        if name.startswith("sparql"):
            arg = str(tmp_path / "q.rq")
            Path(arg).write_text(bench.QUERIES["volunteer-mentions"], encoding="utf-8")
        seconds = function([merged], arg)
        assert seconds >= 0, name
    assert dirs_file.read_text("utf-8") == f"{merged}\n"


def test_benchmark_queries_give_the_same_answers_in_rdflib_and_pyoxigraph(corpus) -> None:
    _, merged = corpus
    nt = PlanPackage.open(merged).path(NTRIPLES)
    graph = rdf.graph_from_ntriples(nt.read_text("utf-8"))
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    for name, query in bench.QUERIES.items():
        from_rdflib = sorted(tuple(str(v) for v in row) for row in graph.query(query))
        from_store = sorted(
            tuple(str(v.value) for v in solution) for solution in store.query(query)
        )
        assert from_rdflib == from_store, name
        assert from_store, f"{name} must find something in the corpus"
    # 3 municipalities x 5 initiatives under goal 2: the council's issues.
    assert len(list(store.query(bench.QUERIES["issues-council-goal2"]))) == 3 * 5


def test_measure_runs_a_command_and_reads_its_memory() -> None:
    figure = bench.measure([sys.executable, "-c", "x = bytearray(50_000_000)"], runs=2)
    assert len(figure.seconds) == 2 and not figure.failed
    assert figure.peak_kb > 50_000  # the 50 MB the command allocated


def test_a_failing_command_is_reported_not_timed() -> None:
    figure = bench.measure([sys.executable, "-c", "raise SystemExit(3)"], runs=1)
    assert figure.failed == "failed" and figure.seconds == []


def test_table_shows_ratio_and_verdict() -> None:
    row = bench.Row(
        "seed", "ours", bench.Figure([1.0, 2.0, 3.0], 1024 * 100), "theirs",
        bench.Figure([4.0]), "≤ 1.0×", 1.0,
    )  # fmt: skip
    text = bench.table([row])
    assert "| seed | ours | 2.000 s | 100 MB | theirs | 4.000 s |  | 0.50× | ≤ 1.0× | met |" in text
    row.memory_limit_mb = 50
    assert row.verdict() == "**missed**"


def test_a_new_run_replaces_only_the_generated_part_of_the_document() -> None:
    document = f"# Notes\nbefore\n{bench.START}\nold table\n{bench.END}\nafter\n"
    updated = bench.with_results(document, "new table\n")
    assert updated == f"# Notes\nbefore\n{bench.START}\nnew table\n{bench.END}\nafter\n"
    assert bench.with_results("", "t\n") == f"{bench.START}\nt\n{bench.END}\n"


def test_a_stopped_step_leaves_no_process_behind(tmp_path: Path) -> None:
    """The helper runs the command as a grandchild; a timeout must end both."""
    import time

    marker = tmp_path / "pid"
    script = f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    figure = bench.measure([sys.executable, "-c", script], runs=1, timeout=3)
    assert figure.failed == "> 3 s (stopped)"
    pid = int(marker.read_text())
    time.sleep(0.5)
    status = Path(f"/proc/{pid}/status")
    # Gone, or a zombie waiting for init to reap it: either way it no longer runs.
    assert not status.exists() or "State:\tZ" in status.read_text()


def test_the_peak_is_that_of_the_whole_process_tree() -> None:
    """A parent and its forked worker each hold 60 MB of their own at the same time: the
    tree's peak is over 110 MB, where the largest single process (RUSAGE_CHILDREN, read in
    the fresh helper process) says about 70."""
    script = (
        "import os, time\n"
        "pid = os.fork()\n"
        "mine = (b'c' if pid == 0 else b'p') * 60_000_000\n"
        "time.sleep(1.0)\n"
        "if pid == 0:\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    figure = bench.measure([sys.executable, "-c", script], runs=1)
    assert not figure.failed
    assert figure.peak_kb > 110_000
