"""The benchmark: every figure beside its baseline, as a ratio, from one run on one machine.

    .venv/bin/python scripts/bench.py            # full: seed, 1,741 packages, ~5,000 and ~50,000 entries
    .venv/bin/python scripts/bench.py --quick    # smoke test on a tiny corpus

Each figure is the median wall time of several runs of a whole command (or, for library
steps, of the step inside its own process), with the peak memory of its whole process tree:
the command and its forked workers, sampled together (see `TreeMemory`). Everything runs in this interpreter's environment, so
`frictionless validate` and `plan-progress` pay the same start-up costs.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from itertools import pairwise
from pathlib import Path

from plan_progress.core.limits import TABLE_MIB_VARIABLE, TABLE_ROWS_VARIABLE
from plan_progress.core.package import GENERATED, PlanPackage
from plan_progress.scale.corpus import generate_from_template

ENTRIES_PER_PACKAGE = 28

QUERIES = {
    "issues-council-goal2": """PREFIX pp: <https://w3id.org/plan-progress/ns#>
# 各自治体の基本目標2について社協の課題 / the council's issues under goal 2, every municipality
SELECT ?code ?initiative ?issue WHERE {
  ?plan a pp:Plan ; pp:municipalityCode ?code ; pp:basicGoal ?goal .
  ?goal a pp:BasicGoal ; pp:number 2 ; pp:initiative ?initiative .
  ?entry a pp:ProgressEntry ; pp:aboutInitiative ?initiative ; pp:actor ?actor ; pp:issue ?issue .
  ?actor pp:actorType "social-welfare-council" .
}""",
    "volunteer-mentions": """PREFIX pp: <https://w3id.org/plan-progress/ns#>
# 進捗に「ボランティア」を含む項目の数 / entries whose progress mentions ボランティア
SELECT (COUNT(?entry) AS ?n) WHERE {
  ?entry a pp:ProgressEntry ; pp:progress ?progress .
  FILTER(CONTAINS(STR(?progress), "ボランティア"))
}""",
    "entries-per-actor-goal": """PREFIX pp: <https://w3id.org/plan-progress/ns#>
# 主体種別・基本目標番号ごとの項目数 / entries per actor type and goal number
SELECT ?type ?number (COUNT(?entry) AS ?n) WHERE {
  ?goal pp:number ?number ; pp:initiative ?initiative .
  ?entry pp:aboutInitiative ?initiative ; pp:actor ?actor .
  ?actor pp:actorType ?type .
} GROUP BY ?type ?number ORDER BY ?type ?number""",
    "goals-of-each-municipality": """PREFIX pp: <https://w3id.org/plan-progress/ns#>
# 自治体ごとの基本目標 / the basic goals of each municipality
SELECT ?code ?name ?number ?title WHERE {
  ?plan pp:municipalityCode ?code ; pp:municipalityName ?name ; pp:basicGoal ?goal .
  ?goal pp:number ?number ; pp:title ?title .
} ORDER BY ?code ?number""",
    "side-by-side-one-initiative": """PREFIX pp: <https://w3id.org/plan-progress/ns#>
# ある自治体の取組1-1について市と社協の進捗を並べる / city and council side by side, initiative 1-1
SELECT ?short ?progress ?issue WHERE {
  ?plan pp:municipalityCode ?code ; pp:basicGoal ?goal .
  FILTER(?code = "012017")
  ?goal pp:number 1 ; pp:initiative ?initiative .
  ?initiative pp:number 1 .
  ?entry pp:aboutInitiative ?initiative ; pp:actor ?actor ; pp:progress ?progress ; pp:issue ?issue .
  ?actor pp:shortName ?short .
} ORDER BY ?short""",
}


@dataclass
class Figure:
    """A measured command or step: wall times of each run and the peak memory seen."""

    seconds: list[float] = field(default_factory=list)
    peak_kb: int = 0
    failed: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def time_text(self) -> str:
        if self.failed:
            return self.failed
        return f"{self.median:.3f} s" if self.median < 10 else f"{self.median:.1f} s"

    def memory_text(self) -> str:
        return f"{self.peak_kb / 1024:.0f} MB" if self.peak_kb else ""


class TreeMemory:
    """The peak memory of a process tree: the command and every worker it forks, together.

    A thread samples the tree every `interval` seconds: the processes are found through
    /proc/*/stat (parent ids), and each one's proportional set size (Pss in
    /proc/PID/smaps_rollup) is summed, so that pages a forked worker shares with its parent
    are counted once. `RUSAGE_CHILDREN` alone gives the largest single process, not the tree.
    The peak reported is the larger of the sampled total and that largest single process
    (which catches a spike shorter than the interval)."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        import threading

        self.root, self.interval, self.peak_kb = root, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, tree_pss_kb(self.root))
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def tree_pss_kb(root: int) -> int:
    """The summed Pss (KB) of `root` and its descendants now; 0 where /proc cannot say."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue  # ended meanwhile
    return total


def run_process(
    command: list[str],
    cwd: Path | None = None,
    timeout: float | None = None,
    new_session: bool = True,
    sample_tree: bool = False,
) -> tuple[float, int, str, str]:
    """(wall seconds, peak memory in KB, stdout, stderr). The peak is that of the largest
    reaped process (RUSAGE_CHILDREN) or, with `sample_tree`, of the whole tree (TreeMemory)."""
    start = time.perf_counter()
    # A session of its own, so that a timeout stops the command's whole process tree: a
    # stopped step must not keep a core busy while the next ones are measured.
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )
    tree = TreeMemory(process.pid) if sample_tree else None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    finally:
        tree_peak = tree.stop() if tree is not None else 0
    elapsed = time.perf_counter() - start
    # communicate() reaped the child; its rusage is in RUSAGE_CHILDREN (max over children so
    # far), so every measured command runs in a fresh `bench` child process: see measure().
    import resource

    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, tree_peak)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {stderr[-2000:]}")
    return elapsed, peak, stdout, stderr


def measure(
    command: list[str],
    runs: int,
    cwd: Path | None = None,
    before: Callable[[], None] | None = None,
    timeout: float | None = None,
    inner: bool = False,
) -> Figure:
    """Run `command` `runs` times, each inside a fresh helper process so that the peak memory
    read there belongs to that command alone. With `inner`, the command prints the step's
    own seconds (bench_steps), which replace the wall time."""
    figure = Figure()
    for _ in range(runs):
        if before is not None:
            before()
        helper = [
            sys.executable,
            "-m",
            "plan_progress.scale.bench",
            "--measure-one",
            json.dumps(command),
        ]
        try:
            _, _, stdout, _ = run_process(helper, cwd=cwd, timeout=timeout)
        except subprocess.TimeoutExpired:
            figure.failed = f"> {timeout:.0f} s (stopped)"
            return figure
        except RuntimeError as error:
            figure.failed = "failed"
            print(error, file=sys.stderr)
            return figure
        result = json.loads(stdout.strip().splitlines()[-1])
        figure.peak_kb = max(figure.peak_kb, result["peak_kb"])
        seconds = result["seconds"]
        if inner:
            seconds = json.loads(result["stdout"].strip().splitlines()[-1])["seconds"]
        figure.seconds.append(seconds)
    return figure


def measure_one(command: list[str]) -> None:
    """In the helper process: run the command once; print its wall time, peak memory, output."""
    # Same process group as this helper: stopping the helper stops the command too.
    elapsed, peak, stdout, _ = run_process(command, new_session=False, sample_tree=True)
    print(json.dumps({"seconds": elapsed, "peak_kb": peak, "stdout": stdout[-4000:]}))


@dataclass
class Row:
    tier: str
    what: str
    figure: Figure
    baseline_name: str = ""
    baseline: Figure | None = None
    target: str = ""
    limit: float | None = None  # the ratio the target allows
    memory_limit_mb: float | None = None

    def ratio(self) -> float | None:
        if self.baseline is None or self.figure.failed or self.baseline.failed:
            return None
        return self.figure.median / self.baseline.median

    def verdict(self) -> str:
        if self.limit is None:
            return ""
        ratio = self.ratio()
        ok = ratio is not None and ratio <= self.limit
        if self.memory_limit_mb is not None:
            ok = ok and self.figure.peak_kb / 1024 <= self.memory_limit_mb
        return "met" if ok else "**missed**"

    def cells(self) -> list[str]:
        ratio = self.ratio()
        baseline = self.baseline
        return [
            self.tier,
            self.what,
            self.figure.time_text(),
            self.figure.memory_text(),
            self.baseline_name,
            baseline.time_text() if baseline else "",
            baseline.memory_text() if baseline else "",
            f"{ratio:.2f}×" if ratio is not None else "",
            self.target,
            self.verdict(),
        ]


HEADER = [
    "tier", "measured", "time (median)", "peak mem", "baseline", "baseline time",
    "baseline mem", "ratio", "target", "",
]  # fmt: skip


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def tool(name: str) -> list[str]:
    return [str(Path(sys.executable).with_name(name))]


def write_dirs(path: Path, dirs: list[Path]) -> Path:
    path.write_text("".join(f"{d}\n" for d in dirs), encoding="utf-8")
    return path


def remove_generated(directory: Path) -> Callable[[], None]:
    def remove() -> None:
        package = PlanPackage.open(directory)
        for name in GENERATED:
            package.path(name).unlink(missing_ok=True)

    return remove


def step(
    name: str, dirs_file: Path, runs: int, arg: str = "", timeout: float | None = None
) -> Figure:
    command = [sys.executable, "-m", "plan_progress.scale.bench_steps", name, str(dirs_file)]
    return measure([*command, arg] if arg else command, runs, timeout=timeout, inner=True)


def bench(repo: Path, work: Path, quick: bool) -> tuple[list[Row], dict[str, object]]:
    runs_small, runs_big = (3, 1) if quick else (7, 3)
    count_all, count_small = (20, 4) if quick else (1741, 179)
    # ~200,000 entries (merged only): how `build` grows beyond the national corpus. Its
    # tables are over the default limits (100,000 rows, 64 MiB), raised here as an operator
    # building such an aggregate would (core/limits.py); the other tiers are far below them.
    count_huge = 80 if quick else 7143
    os.environ.setdefault(TABLE_ROWS_VARIABLE, "400000")
    os.environ.setdefault(TABLE_MIB_VARIABLE, "256")
    sparql_timeout = 60
    validate, build, frictionless = (
        [*tool("plan-progress"), "validate"],
        [*tool("plan-progress"), "build"],
        [*tool("frictionless"), "validate", "datapackage.json"],
    )
    rows: list[Row] = []
    log = print if sys.stderr.isatty() else (lambda *a, **k: None)

    # The seed package: the whole pipeline against frictionless alone, both as commands.
    log("seed …", file=sys.stderr)
    seed_dirs = write_dirs(work / "seed.dirs", [repo])
    fl_seed = measure(frictionless, runs_small, cwd=repo)
    csv_seed = step("csv-reader", seed_dirs, runs_small)
    rows.append(
        Row("seed (28 entries)", "`plan-progress validate .` (all checks)",
            measure([*validate, "."], runs_small, cwd=repo),
            "`frictionless validate datapackage.json`", fl_seed, "≤ 1.0×", 1.0)
    )  # fmt: skip
    rows.append(Row("seed (28 entries)", "`plan-progress build .`",
                    measure([*build, "."], runs_small, cwd=repo),
                    "`frictionless validate datapackage.json`", fl_seed))  # fmt: skip
    rows.append(Row("seed (28 entries)", "`frictionless validate datapackage.json`", fl_seed,
                    "csv.reader pass (in-process)", csv_seed))  # fmt: skip

    # Many packages, and merged corpora of ~5,000 and ~50,000 entries.
    log("corpus …", file=sys.stderr)
    big_dirs, big = generate_from_template(repo, work / "corpus", count_all, seed=1)
    _, small = generate_from_template(repo, work / "corpus-small", count_small, seed=1)
    _, huge = generate_from_template(repo, work / "corpus-huge", count_huge, 1, packages=False)
    prepare = subprocess.run(
        [*build, *map(str, big_dirs), str(big), str(small), str(huge)], capture_output=True
    )
    if prepare.returncode != 0:
        raise RuntimeError(prepare.stderr.decode()[-2000:])
    packages_file = write_dirs(work / "packages.dirs", big_dirs)
    tier = f"{count_all:,} packages ({count_all * ENTRIES_PER_PACKAGE:,} entries)"
    log("many packages …", file=sys.stderr)
    fl_many = step("frictionless-api", packages_file, 1)
    rows.append(Row(tier, "`plan-progress validate DIR…` (one run, both cores)",
                    measure(validate + list(map(str, big_dirs)), 1),
                    "frictionless Python API, one process", fl_many))  # fmt: skip
    rows.append(Row(tier, "frictionless Python API", fl_many, "csv.reader pass",
                    step("csv-reader", packages_file, 1)))  # fmt: skip

    linear: dict[int, Figure] = {}
    for directory, count in ((small, count_small), (big, count_all), (huge, count_huge)):
        entries = count * ENTRIES_PER_PACKAGE
        tier = f"merged, {entries:,} entries"
        log(tier, "…", file=sys.stderr)
        runs = runs_big
        dirs_file = write_dirs(work / f"merged-{count}.dirs", [directory])
        fl = measure(frictionless, runs, cwd=directory)
        built = measure([*build, "."], runs, cwd=directory, before=remove_generated(directory))
        linear[entries] = built
        if directory == huge:
            # Growth only: the library steps and queries are not repeated at this size.
            rows.append(Row(tier, "`plan-progress build .` (all outputs, all checks)", built,
                            "`frictionless validate datapackage.json`", fl))  # fmt: skip
            continue
        rows.append(Row(tier, "`plan-progress build .` (all outputs, all checks)", built,
                        "`frictionless validate datapackage.json`", fl,
                        "≤ 2.0×, ≤ 400 MB", 2.0, 400))  # fmt: skip
        rows.append(Row(tier, "`plan-progress validate .`", measure([*validate, "."], runs, cwd=directory),
                        "`frictionless validate datapackage.json`", fl))  # fmt: skip
        rows.append(Row(tier, "`frictionless validate datapackage.json`", fl, "csv.reader pass",
                        step("csv-reader", dirs_file, runs)))  # fmt: skip
        once = 1 if count == count_all and not quick else runs
        pairs = [
            ("JSON-LD → N-Triples: pyoxigraph (used)", "oxigraph-jsonld", "pyld `to_rdf`", "pyld-to-rdf"),
            ("Turtle parse: pyoxigraph", "oxigraph-parse-turtle", "rdflib parse", "rdflib-parse-turtle"),
            ("Turtle serialize: pyoxigraph (used)", "oxigraph-serialize-turtle", "rdflib serialize", "rdflib-serialize-turtle"),
            ("SHACL: subset (used)", "shacl-subset", "pyshacl", "pyshacl"),
        ]  # fmt: skip
        for what, ours, reference_name, reference in pairs:
            rows.append(Row(tier, what, step(ours, dirs_file, runs), reference_name,
                            step(reference, dirs_file, once)))  # fmt: skip
        rows.append(Row(tier, "JSON Schema: jsonschema-rs verdict (used)",
                        step("jsonschema-rs", dirs_file, runs), "jsonschema",
                        step("jsonschema", dirs_file, once)))  # fmt: skip
        for name, text in QUERIES.items():
            query_file = work / f"{name}.rq"
            query_file.write_text(text, encoding="utf-8")
            ours = step("sparql-oxigraph", dirs_file, 1, str(query_file))
            # rdflib is the baseline at ~5,000 entries only: at ~50,000 one query can take hours.
            reference = (
                step("sparql-rdflib", dirs_file, 1, str(query_file), timeout=sparql_timeout)
                if directory == small
                else None
            )
            rows.append(Row(tier, f"SPARQL `{name}`: pyoxigraph (median of 7)", ours,
                            "rdflib SPARQL (1 run)" if reference else "", reference,
                            "≤ 100 ms" if directory == big else ""))  # fmt: skip
    # Linear growth: the cost of 1,000 more entries (the start-up, ~1 s, is paid once at
    # every size, so seconds per 1,000 entries of the whole run fall as the size grows).
    sizes = sorted(linear)
    slopes = [
        (a, b, (linear[b].median - linear[a].median) / (b - a) * 1000) for a, b in pairwise(sizes)
    ]
    for (c, d, previous), (a, b, slope) in pairwise(slopes):
        rows.append(Row("linearity", f"build s per 1,000 more entries, {a:,} → {b:,}",
                        Figure([slope]), f"{c:,} → {d:,}", Figure([previous]),
                        "≤ 1.1× (linear)", 1.1))  # fmt: skip
    for size in sizes:
        rows.append(Row("linearity", f"build s / 1,000 entries at {size:,} entries",
                        Figure([linear[size].median / size * 1000]), "", None))  # fmt: skip
    context = {
        "load_average": os.getloadavg(),
    }
    return rows, context


def sparql_verdicts(rows: list[Row]) -> None:
    for row in rows:
        if row.target == "≤ 100 ms" and row.figure.seconds:
            ok = row.figure.median <= 0.1
            row.target = "≤ 100 ms " + ("(met)" if ok else "(**missed**)")


def environment() -> str:
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("frictionless", "jsonschema", "PyLD", "rdflib", "pyshacl", "pyoxigraph")
    )
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"Python {platform.python_version()} on {platform.machine()}, {cpus} cores; {versions}"


def main(argv: list[str] | None = None) -> int:
    import argparse

    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["--measure-one"]:
        measure_one(json.loads(args_in[1]))
        return 0
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny corpus, fewer runs (smoke test)")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[3])
    parser.add_argument("--work", type=Path, default=None, help="scratch dir (default build/bench)")
    parser.add_argument("--output", type=Path, default=None, help="write the markdown here")
    args = parser.parse_args(args_in)
    work = args.work or args.repo / "build" / ("bench-quick" if args.quick else "bench")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    load_before = os.getloadavg()
    started = time.time()
    rows, context = bench(args.repo.resolve(), work.resolve(), args.quick)
    sparql_verdicts(rows)
    command = "make bench" if not args.quick else "python scripts/bench.py --quick"
    text = "\n".join(
        [
            f"Command: `{command}` (= `.venv/bin/python scripts/bench.py"
            f"{' --quick' if args.quick else ''} --output docs/benchmarks.md`)",
            f"Environment: {environment()}.",
            f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, "
            f"{time.time() - started:.0f} s; load average before "
            f"{load_before[0]:.2f}, after {context['load_average'][0]:.2f} (1 min).",
            "",
            table(rows),
            "",
        ]
    )
    print(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        old = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        args.output.write_text(with_results(old, text), encoding="utf-8")
    return 0


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def with_results(document: str, results: str) -> str:
    """The document with its generated part (between the markers) replaced by `results`; the
    hand-written analysis around it is kept. A document without markers is replaced whole."""
    if START in document and END in document:
        head, rest = document.split(START, 1)
        _, tail = rest.split(END, 1)
        return f"{head}{START}\n{results}{END}{tail}"
    return f"{START}\n{results}{END}\n"


if __name__ == "__main__":
    sys.exit(main())
