"""Many packages in one process: each package's work on a pool of worker processes.

One interpreter start and one import of the libraries serve every package, and the packages
are spread over the cores (`parallel.jobs()`). Results come back in the order the packages
were given, so the output does not depend on scheduling.

One package never costs the others their results: an unexpected exception in one package's
work becomes that package's result through `failed`, and if a worker process dies (killed
for memory, say), the packages it had not finished are each run again in a process of their
own, so that only the package that kills its process is reported as failed.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TypeVar

from plan_progress.core.parallel import jobs
from plan_progress.core.progress import Progress

T = TypeVar("T")
# Set by `plan-progress --debug`: tracebacks of caught unexpected errors go to stderr too.
DEBUG_ENV = "PLAN_PROGRESS_DEBUG"


def guarded(
    work: Callable[[str], T], failed: Callable[[str, BaseException], T], directory: str
) -> T:
    try:
        return work(directory)
    except Exception as err:  # one package's bug must not lose the others' results
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        return failed(directory, err)


def _chunk(
    work: Callable[[str], T], failed: Callable[[str, BaseException], T], chunk: Sequence[str]
) -> list[T]:
    return [guarded(work, failed, directory) for directory in chunk]


def map_packages(
    work: Callable[[str], T],
    directories: Sequence[str],
    label: str,
    failed: Callable[[str, BaseException], T],
) -> Iterator[tuple[str, T]]:
    """(directory, work(directory)) for each directory, in order, with a progress display.
    `work` and `failed` must be module-level functions (they are sent to worker processes
    by name); `failed(directory, error)` is the result of a package whose work raised."""
    progress = Progress(len(directories), label)
    workers = min(jobs(), len(directories))
    try:
        if workers < 2:
            for done, directory in enumerate(directories, start=1):
                yield directory, guarded(work, failed, directory)
                progress.update(done)
            return
        # Chunks amortise the round trip per package; small enough to keep both cores busy.
        size = max(1, min(16, len(directories) // (workers * 8)))
        chunks = [directories[i : i + size] for i in range(0, len(directories), size)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            futures = [pool.submit(_chunk, work, failed, chunk) for chunk in chunks]
            for chunk, future in zip(chunks, futures, strict=True):
                for directory, result in zip(
                    chunk, _results(future, work, failed, chunk), strict=True
                ):
                    done += 1
                    yield directory, result
                    progress.update(done)
    finally:
        progress.close()


def _results(
    future: Future,
    work: Callable[[str], T],
    failed: Callable[[str, BaseException], T],
    chunk: Sequence[str],
) -> list[T]:
    try:
        return future.result()
    except BrokenProcessPool:
        return [_alone(partial(guarded, work, failed), failed, directory) for directory in chunk]


def _alone(run: Callable[[str], T], failed: Callable[[str, BaseException], T], directory: str) -> T:
    """One package in a worker process of its own, after a pool broke."""
    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        try:
            return pool.submit(run, directory).result()
        except BrokenProcessPool as err:
            return failed(directory, err)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)
