"""Confinement: every path a package names stays inside the package.

A descriptor, a profile list or a checksum file is written by whoever handed us the package.
Each path it names is checked here before anything is read or written there: it must be
relative, must not climb out with `..`, must not be a URL (nothing is fetched), and once
symbolic links are resolved it must still be inside the package's directory. The check runs
on the real file system, so a link in `data/` that points at `/etc/passwd` or `~/.ssh` is
refused before it is opened, and no content of such a file ever reaches a message.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from plan_progress.core.limits import MAX_NAME_BYTES, MAX_PATH_BYTES
from plan_progress.core.problems import InvalidPackage, Problem

# A scheme such as http:, https:, file:, data:, ftp: (a Windows drive "C:" is caught as
# absolute below, so one-letter schemes are not URLs here).
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


class PathRefused(ValueError):
    """A path that must not be followed; `rule` says why (a `path.*` rule id)."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


def check_relative(relpath: str) -> None:
    """Raise PathRefused unless `relpath` is a plain relative POSIX path without `..`, of a
    length every file system takes."""
    if _URL.match(relpath) or relpath.startswith("//"):
        raise PathRefused("path.remote")
    if (
        relpath in ("", ".")
        or "\x00" in relpath
        or "\\" in relpath
        or relpath.startswith(("/", "~"))
        or re.match(r"^[A-Za-z]:", relpath)
        or ".." in PurePosixPath(relpath).parts
    ):
        raise PathRefused("path.outside-package")
    if len(relpath.encode("utf-8", "surrogateescape")) > MAX_PATH_BYTES or any(
        len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES
        for part in PurePosixPath(relpath).parts
    ):
        raise PathRefused("path.too-long")


def within(root: Path, relpath: str) -> Path:
    """`root / relpath`, after checking that it is relative and that, with every symbolic
    link resolved, it is still inside `root`. Raises PathRefused."""
    check_relative(relpath)
    path = root / relpath
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise PathRefused("path.link-outside")
    return path


def is_inside(root: Path, path: Path) -> bool:
    """True when `path` (any form) resolves inside `root` (e.g. a file of a source folder)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def not_a_regular_file(path: Path) -> bool:
    """True for something that exists but is not a regular file (a directory, FIFO or
    device): reading one would hang or fail midway, so it is refused before opening."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # missing: the caller reports that in its own words
    return not stat.S_ISREG(mode)


def confined(
    root: Path, relpath: str, file: str, column: str | None = None, row: int | None = None
) -> Path:
    """`within`, with a refusal raised as InvalidPackage naming where the path was written."""
    try:
        return within(root, relpath)
    except PathRefused as refused:
        raise InvalidPackage([refusal(refused, relpath, file, column, row)]) from None


def refusal(
    refused: PathRefused, relpath: str, file: str, column: str | None = None, row: int | None = None
) -> Problem:
    return Problem(refused.rule, file, row, column, {"path": relpath})
