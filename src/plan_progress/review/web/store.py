"""Reviews on disk: one private folder per upload, shared by every worker process.

Each review lives in `ROOT/<id>/` (mode 0700), where the id is 192 random bits: nobody finds a
review by guessing. It also belongs to the visitor whose browser uploaded it: the folder keeps
the SHA-256 of that browser's random visitor cookie, and a request without the same cookie
gets nothing, even with the address. The upload and its scratch files are deleted as soon as
the review ends; the results when the time-out passes (or when the visitor deletes them).
Because the state is only files, several worker processes serve the same reviews."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from plan_progress.review.result import ReviewResult

_ID = re.compile(r"[A-Za-z0-9_-]{32}")
_OWNER, _RESULT, _CREATED = "owner", "result.json", "created"
_PAGE = "page.json"  # what the pages read: the listed findings only (`ReviewResult.page_summary`)
FILES, SITE, WORK = "files", "site", "work"
_SITE_INDEX = "site.json"
_LONGEST_REVIEW = 600  # seconds; a review takes seconds, so older unfinished ones are debris


class StoreError(RuntimeError):
    """The store's folder cannot be used safely (another user's, or open to others)."""


def new_visitor_token() -> str:
    return secrets.token_urlsafe(32)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise StoreError(f"{path} is not a folder of this user")
    if info.st_mode & 0o077:
        raise StoreError(f"{path} is open to other users (mode {oct(info.st_mode & 0o777)})")
    return path


def default_root() -> Path:
    return Path(tempfile.gettempdir()) / f"plan-progress-review-{os.getuid()}"


@dataclass(frozen=True)
class Review:
    """One stored review (found only with its owner's cookie)."""

    id: str
    folder: Path

    @property
    def work(self) -> Path:
        return self.folder / WORK

    @property
    def done(self) -> bool:
        """Its results are saved (until then it waits in the queue or runs)."""
        return (self.folder / _RESULT).is_file()

    def result(self) -> ReviewResult:
        """Every finding (for the report files)."""
        data = json.loads((self.folder / _RESULT).read_text(encoding="utf-8"))
        return ReviewResult.from_summary(data)

    def page(self) -> ReviewResult:
        """The listed findings and every rule's count (for the pages: as fast with 100,000
        findings as with one)."""
        data = json.loads((self.folder / _PAGE).read_text(encoding="utf-8"))
        return ReviewResult.from_summary(data)

    def download(self, name: str) -> Path | None:
        path = self.folder / FILES / name
        return path if name in self.page().downloads and path.is_file() else None

    def site_file(self, requested: str) -> Path | None:
        """The stored site file for a requested path: looked up among the paths the site
        builder made, never joined from the request."""
        index = self.folder / _SITE_INDEX
        if not index.is_file():
            return None
        paths: dict[str, str] = json.loads(index.read_text(encoding="utf-8"))
        stored = paths.get(requested)
        return self.folder / SITE / stored if stored else None


class Store:
    def __init__(self, root: Path, ttl_seconds: int) -> None:
        self.root = _private_dir(root)
        self.ttl = ttl_seconds
        self._last_sweep = 0.0

    def create(self, visitor: str) -> Review:
        review_id = secrets.token_urlsafe(24)
        folder = self.root / review_id
        folder.mkdir(mode=0o700)  # fails if it exists: never shared
        (folder / _OWNER).write_text(_digest(visitor), encoding="ascii")
        (folder / WORK).mkdir(mode=0o700)
        return Review(review_id, folder)

    def find(self, review_id: str, visitor: str | None) -> Review | None:
        """The visitor's finished review."""
        review = self.find_any(review_id, visitor)
        return review if review is not None and review.done else None

    def find_any(self, review_id: str, visitor: str | None) -> Review | None:
        """The visitor's review, finished or still waiting or running."""
        if not visitor or not _ID.fullmatch(review_id):
            return None
        folder = self.root / review_id
        try:
            owner = (folder / _OWNER).read_text(encoding="ascii")
        except OSError:
            return None
        if not hmac.compare_digest(owner, _digest(visitor)) or self._expired(folder):
            return None
        return Review(review_id, folder)

    def save(self, review: Review, result: ReviewResult) -> None:
        files = review.folder / FILES
        files.mkdir(mode=0o700, exist_ok=True)  # a killed review may have begun saving
        for name, data in result.downloads.items():
            (files / name).write_bytes(data)
        if result.site:
            site = review.folder / SITE
            site.mkdir(mode=0o700, exist_ok=True)
            index: dict[str, str] = {}
            # Stored under numbered names: the site's own paths are only keys of the index.
            for number, (path, data) in enumerate(sorted(result.site.items())):
                stored = f"{number:05d}"
                (site / stored).write_bytes(data)
                index[path] = stored
            (review.folder / _SITE_INDEX).write_text(json.dumps(index), encoding="utf-8")
        # The time-out counts from when the results exist, however long the review took.
        (review.folder / _CREATED).write_text(f"{time.time():.3f}", encoding="ascii")
        # The page's form first: the result's file is the sign the review is finished.
        for name, summary in ((_PAGE, result.page_summary()), (_RESULT, result.summary())):
            tmp = review.folder / (name + ".tmp")
            tmp.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, review.folder / name)

    def delete(self, review: Review) -> None:
        shutil.rmtree(review.folder, ignore_errors=True)

    def _expired(self, folder: Path) -> bool:
        try:
            created = float((folder / _CREATED).read_text(encoding="ascii"))
        except (OSError, ValueError):
            try:  # still being reviewed, or left broken by a crash: its folder's age decides
                return time.time() - folder.stat().st_mtime > self.ttl + _LONGEST_REVIEW
            except OSError:
                return True
        return time.time() - created > self.ttl

    def sweep(self) -> int:
        """Delete every expired review (at most once a minute per process, or as often as
        the time-out when that is shorter); how many."""
        now = time.monotonic()
        if now - self._last_sweep < min(60.0, self.ttl):
            return 0
        self._last_sweep = now
        removed = 0
        for folder in self.root.iterdir():
            if _ID.fullmatch(folder.name) and folder.is_dir() and self._expired(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed
