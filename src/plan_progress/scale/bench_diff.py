"""The `diff` benchmark: `plan-progress diff` of two years' ~50,000-entry reports of one
(synthetic) plan, as a ratio to one `plan-progress validate` of one of them (target ≤ 1.0×);
and the series check: `validate` of five years together against the sum of the five
`validate`s (target ≤ 1.2×).

    .venv/bin/python scripts/bench_diff.py --output docs/benchmarks.md
    .venv/bin/python scripts/bench_diff.py --quick      # ~1,100 entries, a smoke test

The two reports come from series_corpus.py (the second year made from the first by a fixed
rule); both are built (not measured) so that `validate` checks every output. Each figure is
the median wall time of whole commands run in fresh processes (bench.measure).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
from pathlib import Path

from plan_progress.scale.bench import (
    ENTRIES_PER_PACKAGE,
    Figure,
    Row,
    environment,
    measure,
    table,
    tool,
)
from plan_progress.scale.doc_sections import replace_section
from plan_progress.scale.series_corpus import write_series, write_years

ROOT = Path(__file__).resolve().parents[3]
MARK_START, MARK_END = "<!-- bench-diff:start -->", "<!-- bench-diff:end -->"
HEADING = "diff of two years / 二つの年度の比較"
SERIES_YEARS = 5


def run(
    work: Path, quick: bool, runs: int = 3, series: Path | None = None, five: bool = True
) -> list[Row]:
    count = 40 if quick else 1786
    if series is not None and (series / "year-2" / "data" / "generated").is_dir():
        old, new = series / "year-1", series / "year-2"  # made and built by an earlier run
    else:
        old, new = write_series(ROOT, series or work / "series", count)
        built = subprocess.run([*tool("plan-progress"), "build", str(old), str(new)],
                               capture_output=True, text=True)  # fmt: skip
        if built.returncode != 0:
            raise RuntimeError(built.stderr[-2000:])
    entries = sum(1 for _ in (old / "data" / "progress-entries.csv").open(encoding="utf-8")) - 1
    validate = measure([*tool("plan-progress"), "validate", str(old)], runs)
    out = work / "diff.json"
    diff = measure([*tool("plan-progress"), "diff", str(old), str(new), "--format", "json",
                    "--out", str(out)], runs)  # fmt: skip
    tier = f"one plan, two reports of ~{entries:,} entries"
    rows = [
        Row(tier, "`plan-progress diff OLD NEW --format json`", diff,
            "`plan-progress validate OLD` (one report)", validate, "≤ 1.0×", 1.0),
    ]  # fmt: skip
    return rows + (series_rows(work, count, runs) if five else [])


def series_rows(work: Path, count: int, runs: int) -> list[Row]:
    """`validate` of five years together (each package checked, then the series) against the
    sum of the five `validate`s run one by one (target ≤ 1.2×)."""
    years = write_years(ROOT, work / "five", count, SERIES_YEARS)
    built = subprocess.run([*tool("plan-progress"), "build", *map(str, years)],
                           capture_output=True, text=True)  # fmt: skip
    if built.returncode != 0:
        raise RuntimeError(built.stderr[-2000:])
    singles = [measure([*tool("plan-progress"), "validate", str(y)], runs) for y in years]
    together = measure([*tool("plan-progress"), "validate", *map(str, years)], runs)
    total = Figure(
        seconds=[sum(f.median for f in singles)] if all(not f.failed for f in singles) else [],
        peak_kb=max(f.peak_kb for f in singles),
        failed=next((f.failed for f in singles if f.failed), ""),
    )
    tier = f"one plan, {SERIES_YEARS} × ~{count * ENTRIES_PER_PACKAGE:,} entries"
    return [
        Row(tier, f"`plan-progress validate Y1 … Y{SERIES_YEARS}` (the series check included)",
            together, f"sum of the {SERIES_YEARS} `plan-progress validate Yi` (medians)", total,
            "≤ 1.2×", 1.2),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~1,100 entries, a smoke test")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-diff")
    parser.add_argument("--output", type=Path, help="write the section into this Markdown file")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument(
        "--series",
        type=Path,
        help="where the two reports are made and built; kept, and reused when already built"
        " (building two ~50,000-entry reports takes minutes)",
    )
    parser.add_argument(
        "--no-five", action="store_true", help="leave out the five-year series check"
    )
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rows = run(args.work, args.quick, args.runs, args.series, not args.no_five)
    seconds = time.perf_counter() - started
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = "\n".join(
        [
            MARK_START,
            f"Command: `.venv/bin/python scripts/bench_diff.py{' --quick' if args.quick else ''}"
            f" --runs {args.runs}{' --no-five' if args.no_five else ''}"
            " --output docs/benchmarks.md`",
            f"Environment: {environment()}.",
            f"Run: {when}, {seconds:.0f} s; load average"
            f" before {load_before:.2f}, after {os.getloadavg()[0]:.2f} (1 min).",
            "",
            table(rows),
            MARK_END,
        ]
    )
    print(section)
    if args.output:
        replace_section(args.output, section, MARK_START, MARK_END, HEADING)
    shutil.rmtree(args.work, ignore_errors=True)
    return 0
