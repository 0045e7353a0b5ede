"""Many packages in one process: each package's work on a pool of worker processes.

One interpreter start and one import of the libraries serve every package, and the packages
are spread over the cores (`parallel.jobs()`). Results come back in the order the packages
were given, so the output does not depend on scheduling.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from plan_progress.core.parallel import jobs
from plan_progress.core.progress import Progress

T = TypeVar("T")


def map_packages(
    work: Callable[[str], T], directories: Sequence[str], label: str
) -> Iterator[tuple[str, T]]:
    """(directory, work(directory)) for each directory, in order, with a progress display.
    `work` must be a module-level function (it is sent to worker processes by name)."""
    progress = Progress(len(directories), label)
    workers = min(jobs(), len(directories))
    try:
        if workers < 2:
            for done, directory in enumerate(directories, start=1):
                yield directory, work(directory)
                progress.update(done)
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        # Chunks amortise the round trip per package; small enough to keep both cores busy.
        chunksize = max(1, min(16, len(directories) // (workers * 8)))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = pool.map(work, directories, chunksize=chunksize)
            for done, (directory, result) in enumerate(
                zip(directories, results, strict=True), start=1
            ):
                yield directory, result
                progress.update(done)
    finally:
        progress.close()
