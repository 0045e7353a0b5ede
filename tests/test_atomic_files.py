"""A failed multi-file write leaves every previous file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_progress.core.atomic_files import WriteFailed, write_all


def test_writes_every_file(tmp_path: Path) -> None:
    write_all({tmp_path / "a.txt": b"a", tmp_path / "sub" / "b.txt": b"b"})
    assert (tmp_path / "a.txt").read_bytes() == b"a"
    assert (tmp_path / "sub" / "b.txt").read_bytes() == b"b"


def test_failure_while_staging_keeps_old_files_and_leaves_no_temporaries(tmp_path: Path) -> None:
    old = tmp_path / "a.txt"
    old.write_bytes(b"old")
    blocked = tmp_path / "blocked"
    blocked.write_bytes(b"a file where a directory is needed")
    with pytest.raises(WriteFailed):
        write_all({old: b"new", blocked / "b.txt": b"b"})
    assert old.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "blocked"]
