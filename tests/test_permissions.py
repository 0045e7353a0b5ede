"""What the commands write can be read by others, as the user's umask says (0644 files,
0755 directories with umask 022): a web server running as another user serves `dist/`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from conftest import copy_package


def run(*args: str, cwd: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plan_progress", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        preexec_fn=lambda: os.umask(umask),
    )


def modes(root: Path) -> set[tuple[str, int]]:
    found = set()
    for path in [root, *root.rglob("*")]:
        kind = "dir" if path.is_dir() else "file"
        found.add((kind, stat.S_IMODE(path.stat().st_mode)))
    return found


def test_build_release_new_and_template_write_readable_files(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "pkg")
    (package / "data" / "generated" / "report.nt").unlink()
    assert run("build", str(package), cwd=tmp_path).returncode == 0
    assert stat.S_IMODE((package / "data" / "generated" / "report.nt").stat().st_mode) == 0o644
    assert run("release", str(package), cwd=tmp_path).returncode == 0
    assert modes(package / "dist") == {("dir", 0o755), ("file", 0o644)}
    assert (
        run(
            "new", str(tmp_path / "new"), "--code", "092169", "--name", "下野市", cwd=tmp_path
        ).returncode
        == 0
    )
    assert modes(tmp_path / "new") == {("dir", 0o755), ("file", 0o644)}
    assert run("template", str(tmp_path / "t.xlsx"), cwd=tmp_path).returncode == 0
    assert stat.S_IMODE((tmp_path / "t.xlsx").stat().st_mode) == 0o644


def test_site_follows_the_umask_for_its_top_folder_too(tmp_path: Path) -> None:
    # The site is staged in a private temporary folder and swapped in: its top folder must
    # get the umask's mode like every other folder (a group-only server with umask 027).
    package = copy_package(tmp_path / "pkg")
    for umask, expected in (
        (0o022, {("dir", 0o755), ("file", 0o644)}),
        (0o027, {("dir", 0o750), ("file", 0o640)}),
    ):
        out = tmp_path / f"site-{umask:o}"
        done = run("site", str(package), "--out", str(out), cwd=tmp_path, umask=umask)
        assert done.returncode == 0, done.stderr
        assert modes(out) == expected
