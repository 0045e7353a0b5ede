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


def test_a_failure_after_some_renames_puts_every_file_back(tmp_path: Path) -> None:
    """The third target is a directory: the first two were already replaced, and are put back."""
    for name in ("a", "b"):
        (tmp_path / name).write_bytes(b"old " + name.encode())
    (tmp_path / "c").mkdir()
    with pytest.raises(WriteFailed) as failed:
        write_all(
            {
                tmp_path / "a": b"new a",
                tmp_path / "b": b"new b",
                tmp_path / "c": b"c",
                tmp_path / "d": b"d",
            }
        )
    assert failed.value.problems[0].rule == "io.write"
    assert (tmp_path / "a").read_bytes() == b"old a" and (tmp_path / "b").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]


def test_a_failure_removes_the_directories_it_made(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    with pytest.raises(WriteFailed):
        write_all({tmp_path / "new" / "deep" / "f": b"f", tmp_path / "x": b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_files_get_the_umask_mode_not_a_temp_files(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        write_all({tmp_path / "f": b"f"})
        os.umask(0o027)
        write_all({tmp_path / "g": b"g"})
    finally:
        os.umask(old)
    assert (tmp_path / "f").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "g").stat().st_mode & 0o777 == 0o640


def test_disk_full_keeps_the_old_files_and_leaves_nothing(tmp_path: Path) -> None:
    """A real full disk: a small tmpfs (CI runs as root, as this test needs)."""
    import errno
    import os
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], check=True)
    try:
        (disk / "a").write_bytes(b"old")
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC
        finally:
            os.close(fd)
        with pytest.raises(WriteFailed) as failed:
            write_all({disk / "a": b"new" * 10_000, disk / "b": b"b" * 10_000})
        assert "No space left" in failed.value.problems[0].params["detail"]
        assert (disk / "a").read_bytes() == b"old"
        assert sorted(p.name for p in disk.iterdir()) == ["a", "filler"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)
