"""Confinement (`core.paths`): a path named by a package stays inside the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_progress.core.paths import PathRefused, is_inside, not_a_regular_file, within


@pytest.mark.parametrize(
    ("relpath", "rule"),
    [
        ("../x.csv", "path.outside-package"),
        ("data/../../x.csv", "path.outside-package"),
        ("/etc/passwd", "path.outside-package"),
        ("~/.ssh/authorized_keys", "path.outside-package"),
        ("data\\x.csv", "path.outside-package"),
        ("C:/x.csv", "path.outside-package"),
        ("", "path.outside-package"),
        (".", "path.outside-package"),
        ("data/x\x00.csv", "path.outside-package"),
        ("http://127.0.0.1/x.csv", "path.remote"),
        ("file:///etc/passwd", "path.remote"),
        ("//host/share/x.csv", "path.remote"),
    ],
)
def test_paths_that_leave_the_package_are_refused(tmp_path: Path, relpath: str, rule: str) -> None:
    with pytest.raises(PathRefused) as refused:
        within(tmp_path, relpath)
    assert refused.value.rule == rule


def test_plain_relative_paths_are_accepted(tmp_path: Path) -> None:
    assert within(tmp_path, "data/reports.csv") == tmp_path / "data/reports.csv"
    assert within(tmp_path, "./data/x.csv") == tmp_path / "data/x.csv"


def test_a_link_out_is_refused_and_a_link_inside_is_not(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "data").mkdir(parents=True)
    (tmp_path / "outside.csv").write_text("secret", encoding="utf-8")
    (tmp_path / "pkg" / "data" / "out.csv").symlink_to(tmp_path / "outside.csv")
    (tmp_path / "pkg" / "data" / "real.csv").write_text("x", encoding="utf-8")
    (tmp_path / "pkg" / "data" / "in.csv").symlink_to("real.csv")
    with pytest.raises(PathRefused) as refused:
        within(tmp_path / "pkg", "data/out.csv")
    assert refused.value.rule == "path.link-outside"
    assert within(tmp_path / "pkg", "data/in.csv").read_text(encoding="utf-8") == "x"
    assert not is_inside(tmp_path / "pkg", tmp_path / "pkg" / "data" / "out.csv")


def test_a_link_in_a_parent_directory_that_leaves_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "data").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(PathRefused):
        within(tmp_path / "pkg", "data/generated/report.nt")


def test_fifo_and_directory_are_not_regular_files(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert not_a_regular_file(tmp_path / "fifo") and not_a_regular_file(tmp_path / "dir")
    assert not not_a_regular_file(tmp_path / "file") and not not_a_regular_file(tmp_path / "none")
