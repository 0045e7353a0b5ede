"""Write several files so that a failure leaves the previous versions in place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(contents: dict[Path, bytes]) -> None:
    """Stage every file beside its target, then rename each over its target.

    Nothing is replaced until every file is staged, so a failure while staging (disk
    full, permissions) leaves all old files untouched; each rename is atomic.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            staged.append((Path(tmp), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
