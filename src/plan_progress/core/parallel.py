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

from plan_progress.core.package import PlanPackage

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
    return package.source_bytes() >= MIN_PARALLEL_BYTES


def _run(index: int) -> Any:
    return _TASKS[index]()


def run_all(
    tasks: Sequence[Callable[[], Any]], parallel: bool, first_here: bool = False
) -> list[Any]:
    """Each task's result, in order; on `jobs()` forked workers when `parallel`. With
    `first_here`, the first task runs in this process while `jobs() - 1` workers run the
    others: its result (e.g. the biggest table's rows) then needs no pickling."""
    global _TASKS
    if not parallel or len(tasks) < 2:
        return [task() for task in tasks]
    # Tasks are closures over in-memory data: forked workers inherit them through this
    # module global, so only each result is pickled.
    _TASKS = tasks
    try:
        skip = 1 if first_here else 0
        with _forked_pool(max(1, min(jobs() - skip, len(tasks) - skip))) as pool:
            futures = [pool.submit(_run, index) for index in range(skip, len(tasks))]
            here = [tasks[0]()] if first_here else []
            return here + [future.result() for future in futures]
    finally:
        _TASKS = ()


def run_each(function: Callable[[Any], Any], arguments: Sequence[Any], parallel: bool) -> list[Any]:
    """`function(argument)` for each argument, in order; on `jobs()` forked workers when
    `parallel`, each argument pickled to its worker. Unlike `run_all`'s inherited data, a
    worker then never touches this process' objects (reading an object writes its reference
    count, which copies its memory page), so its memory is its own task's, freed after it."""
    if not parallel or len(arguments) < 2:
        return [function(argument) for argument in arguments]
    with _forked_pool(min(jobs(), len(arguments))) as pool:
        futures = [pool.submit(function, argument) for argument in arguments]
        return [future.result() for future in futures]


def _forked_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
