"""Reviews run off the request threads, in a bounded queue of this process, each in a child
process of its own.

An upload request only stores the file and queues its review; the visitor is sent to the
result's address, which says "being checked" until the results are saved. So the server's
threads always answer pages at once, however many uploads arrive: a review waits in the
queue (at most PP_REVIEW_QUEUE of them), one of PP_REVIEW_AT_ONCE worker threads runs it in a
child process, and an upload that finds the queue full is answered 503 at once. The child
saves the results and ends, so its memory goes back to the system; one that runs past
PP_REVIEW_SECONDS is killed (a time limit a thread could not enforce) and the visitor gets
`review.timeout`. Children are forked from a server process that has imported the review
("forkserver"; "spawn" where there is none, as on Windows), so they start in milliseconds and
share nothing with the request threads. Each worker process (gunicorn) has its own queue,
workers and children; the results are files every process serves."""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plan_progress.core.problems import Problem
from plan_progress.review.limits import Limits
from plan_progress.review.result import Finding, ReviewResult
from plan_progress.review.run import run_review
from plan_progress.review.web.store import Review, Store
from plan_progress.spreadsheet.locations import Place

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    review: Review
    upload: Path  # inside the review's private work folder
    shown_name: str
    limits: Limits


class Jobs:
    def __init__(self, store: Store, workers: int, waiting: int, seconds: float) -> None:
        self.store = store
        self.workers = workers
        self.seconds = seconds
        self.queue: queue.Queue[Job] = queue.Queue(maxsize=waiting)
        self._lock = threading.Lock()
        self._started_in: int | None = None  # the process whose threads these are
        self._context: Any = None

    def submit(self, job: Job) -> bool:
        """Queue `job`; False (and nothing queued) when the queue is full."""
        self._start()
        try:
            self.queue.put_nowait(job)
        except queue.Full:
            return False
        return True

    def _start(self) -> None:
        # Threads do not survive a fork (gunicorn --preload): start them in this process.
        with self._lock:
            if self._started_in == os.getpid():
                return
            self._started_in = os.getpid()
            self._context = _child_context()
            for number in range(self.workers):
                name = f"review-worker-{number}"
                threading.Thread(target=self._work, name=name, daemon=True).start()

    def _work(self) -> None:
        while True:
            job = self.queue.get()
            try:
                self._in_child(job)
            except Exception:  # the worker must outlive any one review
                log.exception("review %s could not be saved", job.review.id)
                self.store.delete(job.review)
            finally:
                self.queue.task_done()

    def _in_child(self, job: Job) -> None:
        child = self._context.Process(
            target=run, args=(job, self.store), name=f"review-{job.review.id[:8]}", daemon=True
        )
        child.start()
        child.join(self.seconds)
        if child.is_alive():
            child.kill()
            child.join()
            _finish(job, self.store, "review.timeout", {"seconds": f"{self.seconds:g}"})
        elif not job.review.done and job.review.folder.is_dir():
            # The child died without saving (killed for memory, or a crash of a library).
            detail = f"exit code {child.exitcode}"
            _finish(job, self.store, "review.internal", {"detail": detail})
        child.close()


def _child_context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["plan_progress.review.run"])
    return context


def _finish(job: Job, store: Store, rule: str, params: dict[str, str]) -> None:
    """Save a result that says why the review has none of its own."""
    problem = Problem(rule, job.shown_name, params=params)
    result = ReviewResult(upload_name=job.shown_name, kind=None)
    result.findings = [Finding.of(problem, Place(job.shown_name, False, None, None))]
    shutil.rmtree(job.review.work, ignore_errors=True)
    store.save(job.review, result)


def run(job: Job, store: Store, review: Callable = run_review) -> None:
    """Review the upload and save the results. The upload and scratch files are removed
    first: once the results exist (the sign the review is finished), nothing else of the
    review is touched, so deleting it at once removes it all."""
    try:
        try:
            scratch = job.review.work / "scratch"
            scratch.mkdir(mode=0o700)
            result = review(job.upload, job.shown_name, scratch, job.limits)
        finally:
            shutil.rmtree(job.review.work, ignore_errors=True)
        store.save(job.review, result)
    except BaseException:
        store.delete(job.review)
        raise
