"""Both engines side by side at growing size: the embedded store (Oxigraph, `plan-progress
load`) and Virtuoso (`virtuoso-load` into a private server), on merged synthetic corpora of
~50,000 and ~500,000 entries, in one run: load time, store size, and each cookbook query's
p50 (and, for an answer over 1,000 rows, the p50 of its first page of 1,000).

    .venv/bin/python scripts/bench_engines.py build/corpus/merged build/corpus500k/merged \\
        --output docs/benchmarks.md

Embedded: the query runs in this process on the store opened read-only, every row read.
Virtuoso: over HTTP on loopback (SPARQL 1.1 Protocol, TSV results, every byte read), so
its figures include the protocol, which the embedded ones do not. TSV, because Virtuoso
7.2's JSON writer alone takes longer than most queries on answers of thousands of rows.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from plan_progress.scale.doc_sections import replace_section
from plan_progress.sparql.run import run_query
from plan_progress.virtuoso.endpoint import ask_rows
from plan_progress.virtuoso.instance import Instance, start
from plan_progress.virtuoso.load import bulk_load

ROOT = Path(__file__).resolve().parents[3]
MARK_START, MARK_END = "<!-- bench-engines:start -->", "<!-- bench-engines:end -->"
PAGE = 1000
TARGET = 0.1
SLOW = 3.0  # a query slower than this once is not repeated (its p50 is that one run)


@dataclass
class Timing:
    rows: int
    p50: float
    page_p50: float | None = None  # first page of PAGE rows, when the answer is longer


@dataclass
class Tier:
    label: str
    entries: int
    triples: int
    engine: str
    load_seconds: float = 0.0
    store_bytes: int = 0
    queries: dict[str, Timing] = field(default_factory=dict)


def cookbook(folder: Path = ROOT / "queries") -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


def paged(query: str) -> str:
    return f"{query.rstrip()}\nLIMIT {PAGE}\n"


def median_time(action: Callable[[], int], reps: int) -> tuple[float, int]:
    """The median wall time of `action` (which returns its row count) and the rows."""
    times, rows = [], 0
    for n in range(reps):
        started = time.perf_counter()
        rows = action()
        times.append(time.perf_counter() - started)
        if n == 0 and times[0] > SLOW:
            break
    return statistics.median(times), rows


def _rows(results: object) -> int:
    if isinstance(results, bool) or not hasattr(results, "__iter__"):
        return 1
    return sum(1 for _ in results)  # type: ignore[union-attr]


def time_queries(
    run: Callable[[str], int], queries: dict[str, str], reps: int
) -> dict[str, Timing]:
    out = {}
    for name, query in queries.items():
        run(query)  # warm: the first run reads the pages from disk
        p50, rows = median_time(lambda q=query: run(q), reps)
        timing = Timing(rows, p50)
        if rows > PAGE and re.search(r"^\s*SELECT", query, re.M | re.I):
            timing.page_p50, _ = median_time(lambda q=query: run(paged(q)), reps)
        out[name] = timing
        print(f"  {name}: {rows} rows, p50 {p50 * 1000:.1f} ms", file=sys.stderr, flush=True)
    return out


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def embedded(label: str, package: Path, work: Path, reps: int, entries: int, triples: int) -> Tier:
    from pyoxigraph import Store

    tier = Tier(label, entries, triples, "embedded (Oxigraph)")
    store = work / f"oxigraph-{label}"
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "plan-progress"), "load", str(store), str(package)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tier.load_seconds = time.perf_counter() - started
    tier.store_bytes = tree_bytes(store / "oxigraph")
    db = Store.read_only(str(store / "oxigraph"))
    queries = cookbook()
    queries.update(_forms("facts"))
    tier.queries = time_queries(lambda q: _rows(run_query(db, q)), queries, reps)
    shutil.rmtree(store, ignore_errors=True)
    return tier


def virtuoso(
    label: str, package: Path, work: Path, reps: int, entries: int, triples: int, buffers: int
) -> Tier:
    tier = Tier(label, entries, triples, "Virtuoso 7.2")
    directory = work / f"virtuoso-{label}"
    directory.mkdir(parents=True)
    instance: Instance = start(directory, buffers=buffers)
    try:
        started = time.perf_counter()
        bulk_load(instance.connection, [package], instance.staging, loaders=2)
        tier.load_seconds = time.perf_counter() - started
        tier.store_bytes = instance.database_bytes()

        def run(query: str) -> int:
            return ask_rows(instance.sparql_url, query)

        queries = cookbook()
        queries.update(_forms("facts"))
        queries.update(_forms("virtuoso"))
        tier.queries = time_queries(run, queries, reps)
    finally:
        instance.stop()
        shutil.rmtree(directory, ignore_errors=True)
    return tier


def _measured(timing: Timing) -> float:
    """What the target is read on: an answer's first page when it has more than one."""
    return timing.page_p50 if timing.page_p50 is not None else timing.p50


def _forms(folder: str) -> dict[str, str]:
    """Another form of some cookbook queries (`queries/facts/`: both engines; `virtuoso/`:
    its text index), named `folder/query`."""
    return {f"{folder}/{k}": v for k, v in cookbook(ROOT / "queries" / folder).items()}


def size_of(package: Path) -> tuple[int, int]:
    """(progress entries, N-Triples lines) of a package."""
    with (package / "data" / "progress-entries.csv").open("rb") as f:
        entries = sum(1 for _ in f) - 1
    with (package / "data" / "generated" / "report.nt").open("rb") as f:
        triples = sum(1 for _ in f)
    return entries, triples


def ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:,.1f} ms"


def growth(small: float, large: float, factor: float) -> str:
    """Time growth per 10× of data (`factor`: how much larger the large tier is)."""
    if small <= 0 or factor <= 1:
        return ""
    import math

    return f"{(large / small) ** (1 / math.log10(factor)):.1f}×"


def _rows_at(by: dict[tuple[str, str], Tier], label: str, engines: list[str], name: str) -> str:
    """The query's rows at one size (the engines agree: tests/test_virtuoso.py), "—" where
    it was not run."""
    for engine in reversed(engines):
        tier = by.get((label, engine))
        if tier is not None and name in tier.queries:
            return str(tier.queries[name].rows)
    return "—"


def report(tiers: list[Tier]) -> tuple[str, list[str]]:
    labels = list(dict.fromkeys(t.label for t in tiers))
    by = {(t.label, t.engine): t for t in tiers}
    engines = list(dict.fromkeys(t.engine for t in tiers))
    lines = [
        "| data | entries | triples | engine | load | store on disk |",
        "|---|---|---|---|---|---|",
    ]
    for t in tiers:
        lines.append(
            f"| {t.label} | {t.entries:,} | {t.triples:,} | {t.engine} | {t.load_seconds:.1f} s |"
            f" {t.store_bytes / 2**20:,.0f} MB |"
        )
    head = ["query", "rows"]
    for label in labels:
        head += [f"{e.split()[0]} p50 {label}" for e in engines]
    if len(labels) > 1:
        head += [f"{e.split()[0]} growth per 10×" for e in engines]
    lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    names = list(dict.fromkeys(n for t in tiers for n in t.queries))
    verdicts: list[str] = []
    misses: dict[str, list[str]] = {e: [] for e in engines}
    for name in names:
        rows = "/".join(_rows_at(by, label, engines, name) for label in labels)
        cells = [f"`{name}`", rows]
        for label in labels:
            for engine in engines:
                timing = by[(label, engine)].queries.get(name)
                if timing is None:
                    cells.append("—")
                    continue
                text = ms(timing.p50)
                if timing.page_p50 is not None:
                    text += f" (page {ms(timing.page_p50)})"
                cells.append(text)
        if len(labels) > 1:
            first, last = by[(labels[0], engines[0])], by[(labels[-1], engines[0])]
            factor = last.entries / first.entries
            for engine in engines:
                a = by[(labels[0], engine)].queries.get(name)
                b = by[(labels[-1], engine)].queries.get(name)
                cells.append(growth(a.p50, b.p50, factor) if a and b else "—")
        lines.append("| " + " | ".join(cells) + " |")
    # Targets: Virtuoso at the largest size; the embedded store at the smallest.
    for engine, label in ((engines[-1], labels[-1]), (engines[0], labels[0])):
        found = by[(label, engine)].queries
        for name, timing in found.items():
            if "/" in name:
                continue  # another form of a cookbook query: shown beside the miss
            if engine.startswith("embedded") and timing.rows > PAGE:
                continue  # the embedded target is for answers of up to 1,000 rows
            if _measured(timing) > TARGET:
                forms = [
                    f"{folder} form {ms(_measured(found[f'{folder}/{name}']))}"
                    for folder in ("facts", "virtuoso")
                    if f"{folder}/{name}" in found
                ]
                misses[engine].append(
                    f"`{name}` {ms(_measured(timing))}"
                    + (f" ({', '.join(forms)})" if forms else "")
                )
        verdicts.append(
            f"{engine} at {label}: every query ≤ 100 ms p50"
            + (
                " (answers over 1,000 rows: first page)"
                if "Virtuoso" in engine
                else " (answers of ≤ 1,000 rows)"
            )
            + (": met" if not misses[engine] else f": missed by {', '.join(misses[engine])}")
        )
    return "\n".join(lines), verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "packages", nargs="+", type=Path, help="merged corpus packages, small first"
    )
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--buffers", type=int, default=200_000, help="Virtuoso NumberOfBuffers")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-engines")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    tiers = []
    for package in args.packages:
        entries, triples = size_of(package)
        label = f"~{round(entries, 2 - len(str(entries))):,}"
        print(f"{label} entries: embedded", file=sys.stderr, flush=True)
        tiers.append(embedded(label, package, args.work, args.reps, entries, triples))
        print(f"{label} entries: Virtuoso", file=sys.stderr, flush=True)
        tiers.append(virtuoso(label, package, args.work, args.reps, entries, triples, args.buffers))
    body, verdicts = report(tiers)
    seconds = time.perf_counter() - started
    from importlib.metadata import version

    section = "\n".join(
        [
            MARK_START,
            "Command: `.venv/bin/python scripts/bench_engines.py "
            + " ".join(
                str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)
                for p in args.packages
            )
            + "`",
            f"Environment: Python {platform.python_version()} on {platform.machine()},"
            f" {os.cpu_count()} cores; pyoxigraph {version('pyoxigraph')};"
            f" Virtuoso {_virtuoso_version()} (Debian), NumberOfBuffers {args.buffers:,}.",
            f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {seconds:.0f} s;"
            f" load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f} (1 min);"
            f" p50 of {args.reps} runs after one warm-up.",
            "",
            body,
            "",
            "Targets: " + "; ".join(verdicts) + ".",
            MARK_END,
        ]
    )
    print(section)
    if args.output:
        replace_section(args.output, section, MARK_START, MARK_END, "Two engines / 二つのエンジン")
    shutil.rmtree(args.work, ignore_errors=True)
    return 0


def _virtuoso_version() -> str:
    result = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True)
    found = re.search(r"Version (\S+)", result.stdout + result.stderr)
    return found.group(1) if found else "?"
