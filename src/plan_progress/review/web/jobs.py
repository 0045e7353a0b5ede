"""Reviews run off the request threads, in a bounded queue of this process.

An upload request only stores the file and queues its review; the visitor is sent to the
result's address, which says "being checked" until the results are saved. So the server's
threads always answer pages at once, however many uploads arrive: a review waits in the
queue (at most PP_REVIEW_QUEUE of them), runs in one of PP_REVIEW_AT_ONCE worker threads,
and an upload that finds the queue full is answered 503 at once. Each worker process (gunicorn)
has its own queue and workers; the results are files every process serves."""

from __future__ import annotations

import logging
import os
import queue
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plan_progress.review.limits import Limits
from plan_progress.review.run import run_review
from plan_progress.review.web.store import Review, Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    review: Review
    upload: Path  # inside the review's private work folder
    shown_name: str
    limits: Limits


class Jobs:
    def __init__(self, store: Store, workers: int, waiting: int) -> None:
        self.store = store
        self.workers = workers
        self.queue: queue.Queue[Job] = queue.Queue(maxsize=waiting)
        self._lock = threading.Lock()
        self._started_in: int | None = None  # the process whose threads these are

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
            for number in range(self.workers):
                name = f"review-worker-{number}"
                threading.Thread(target=self._work, name=name, daemon=True).start()

    def _work(self) -> None:
        while True:
            job = self.queue.get()
            try:
                run(job, self.store)
            except Exception:  # the worker must outlive any one review
                log.exception("review %s could not be saved", job.review.id)
            finally:
                self.queue.task_done()


def run(job: Job, store: Store, review: Callable = run_review) -> None:
    """Review the upload and save the results; the upload and scratch files go either way."""
    try:
        scratch = job.review.work / "scratch"
        scratch.mkdir(mode=0o700)
        result = review(job.upload, job.shown_name, scratch, job.limits)
        store.save(job.review, result)
    except BaseException:
        store.delete(job.review)
        raise
    finally:
        shutil.rmtree(job.review.work, ignore_errors=True)
