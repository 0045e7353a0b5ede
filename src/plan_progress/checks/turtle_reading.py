"""The committed Turtle read to N-Triples early, in a process of its own.

The JSON-LD ↔ Turtle agreement check (checks/agreement.py) ends `validate` by streaming the
committed Turtle to N-Triples: on the ~50,000-entry corpus 1.4 s on one core, after
everything else. Nothing in that reading depends on the rest of the run, and the steps before
the batches leave a core idle (the entries table is checked alone on one, the text and model
rules run on one), so `validate` starts it first, in a forked process at a low priority (it fills the idle
core, and yields to the checks when both cores are busy), and the check takes its file
instead of reading the Turtle again.

The committed file comes from whoever wrote the package, and is read before anything says
it is the fresh one, so the reading is bounded: only a regular file inside the package (the
package's own path check), no bigger than a Turtle the source tables could give
(TURTLE_PER_SOURCE_BYTE), its N-Triples capped by the operating system (RLIMIT_FSIZE: a
prefix-heavy Turtle cannot fill the disk), and stopped when `validate` ends. Its result is
used only when the file is unchanged since it was read (size, modification time, inode)
and the check has found it byte for byte the fresh Turtle; otherwise it is dropped and the
check reads as before.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from multiprocessing.process import BaseProcess
from pathlib import Path

from plan_progress.core.package import TURTLE, PlanPackage
from plan_progress.core.paths import not_a_regular_file
from plan_progress.core.problems import InvalidPackage

# The merged corpus's Turtle is 82 MB for 31 MB of source tables; a Turtle far beyond what
# the sources could give is not read ahead (the check decides on it as before, if ever).
TURTLE_PER_SOURCE_BYTE = 16
# Our N-Triples are ~2.4 times our Turtle: a bigger result is not ours, and is cut short.
NTRIPLES_PER_TURTLE_BYTE = 4
_STOP_SECONDS = 5.0
NICENESS = 10

Stamp = tuple[int, int, int]  # size, modification time (ns), inode


def _stamp(path: Path) -> Stamp:
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


class TurtleReading:
    """A running (or finished) reading of the package's committed Turtle into `target`."""

    def __init__(self, source: Path, target: Path, stamp: Stamp, process: BaseProcess) -> None:
        self.source, self.target, self.stamp = source, target, stamp
        self._process = process

    @classmethod
    def start(cls, package: PlanPackage, work: Path) -> TurtleReading | None:
        """The reading, started; None when the file is not one to read ahead."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        try:
            source = package.path(TURTLE)
            if not source.is_file() or not_a_regular_file(source):
                return None
            stamp = _stamp(source)
            sources = package.source_bytes()
        except (OSError, InvalidPackage):
            return None
        if stamp[0] == 0 or stamp[0] > TURTLE_PER_SOURCE_BYTE * max(sources, 1):
            return None
        target = work / "committed-turtle.nt"
        process = multiprocessing.get_context("fork").Process(
            target=_read, args=(str(source), str(target), NTRIPLES_PER_TURTLE_BYTE * stamp[0])
        )
        process.daemon = True  # never outlives `validate`
        process.start()
        return cls(source, target, stamp, process)

    def ntriples(self) -> Path | None:
        """The committed Turtle's N-Triples once read (waits for the reading), or None when
        it failed or the file has changed since."""
        self._process.join()
        if self._process.exitcode != 0:
            return None
        try:
            unchanged = _stamp(self.source) == self.stamp
        except OSError:
            return None
        return self.target if unchanged and self.target.is_file() else None

    def stop(self) -> None:
        """Ends the reading if it still runs (e.g. the source was invalid)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join(_STOP_SECONDS)


def _read(source: str, target: str, max_bytes: int) -> None:
    """In the forked process: the Turtle as N-Triples, the output capped at `max_bytes`."""
    import pyoxigraph as ox

    # At a low priority, it takes the core the checks leave idle rather than slowing them
    # (the two tables' workers, the text and model rules, the batches' two workers).
    os.nice(NICENESS)
    # Past the cap a write fails (EFBIG) instead of the signal's default of a core dump.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    try:
        ox.serialize(
            ox.parse(path=source, format=ox.RdfFormat.TURTLE),
            output=target,
            format=ox.RdfFormat.N_TRIPLES,
        )
    except (OSError, ValueError, SyntaxError):
        os._exit(1)  # the check reads the file itself, and reports in its own words
    os._exit(0)
