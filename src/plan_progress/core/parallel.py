"""Both cores for one big package: independent checks run in forked worker processes.

Used only where it pays: a package whose source tables are large (the merged corpus), on a
machine with more than one core and with `fork` (workers inherit the data in memory instead
of receiving it pickled). `PLAN_PROGRESS_JOBS=1` turns it off. Results are identical to the
sequential run: every task is a pure function of the package, and results are returned in
task order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from plan_progress.core.package import SOURCE_TABLES, PlanPackage

# Below this many bytes of source CSV, starting worker processes costs more than it saves.
MIN_PARALLEL_BYTES = 2_000_000
_TASKS: Sequence[Callable[[], Any]] = ()


def jobs() -> int:
    """Worker processes to use: PLAN_PROGRESS_JOBS, else the cores this process may use."""
    configured = os.environ.get("PLAN_PROGRESS_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worth_it(package: PlanPackage) -> bool:
    if jobs() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if multiprocessing.parent_process() is not None:
        return False  # already a worker (e.g. of a many-package run): no nested pools
    size = 0
    for name in SOURCE_TABLES:
        path = package.path(name)
        size += path.stat().st_size if path.is_file() else 0
    return size >= MIN_PARALLEL_BYTES


def _run(index: int) -> Any:
    return _TASKS[index]()


def run_all(tasks: Sequence[Callable[[], Any]], parallel: bool) -> list[Any]:
    """Each task's result, in order; on `jobs()` forked workers when `parallel`."""
    global _TASKS
    if not parallel or len(tasks) < 2:
        return [task() for task in tasks]
    # Tasks are closures over in-memory data: forked workers inherit them through this
    # module global, so only each result is pickled.
    _TASKS = tasks
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs(), len(tasks)), mp_context=context) as pool:
            futures = [pool.submit(_run, index) for index in range(len(tasks))]
            return [future.result() for future in futures]
    finally:
        _TASKS = ()
