"""Real programs the tests use as a person would (a browser, LibreOffice, a web server),
installed on demand from Debian's packages the first time a test needs them, as the CKAN
tests install PostgreSQL and Redis. If a program cannot be installed, the test fails: it is
never skipped (CI runs as root on a machine like this one)."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Screenshots, rendered PDFs and other things a person should look at after a run.
ARTIFACTS = Path(os.environ.get("PP_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))
_NODE_CACHE = Path(os.environ.get("PP_NODE_CACHE", Path.home() / ".cache" / "plan-progress-node"))
# Beside the other caches, not in /tmp: the lock file stays (removing it while another run
# waits on it would let a third take a second lock on a new file).
_APT_LOCK = Path.home() / ".cache" / "plan-progress-apt.lock"


def artifact_path(*parts: str) -> Path:
    path = ARTIFACTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def require_commands(commands: dict[str, str]) -> None:
    """Make sure each command exists, installing its Debian package when it does not.

    `commands`: command name -> Debian package that provides it."""
    missing = sorted(
        {package for command, package in commands.items() if not shutil.which(command)}
    )
    if missing:
        apt_install(missing)
    still = [command for command in commands if not shutil.which(command)]
    assert still == [], f"not installed: {still}"


def require_packages(packages: list[str], probe: Path) -> None:
    """Install Debian packages unless `probe` (a file they provide) already exists."""
    if not probe.exists():
        apt_install(packages)
    assert probe.exists(), f"{probe} missing after installing {packages}"


def apt_install(packages: list[str]) -> None:
    # One apt at a time on this machine (several test runs may ask together).
    _APT_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with _APT_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True, capture_output=True)
        result = subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, (
            f"apt-get install {packages} failed:\n{result.stderr[-2000:]}"
        )


def npm_file(package: str, version: str, relative: str) -> Path:
    """A file of an npm package installed into a cache outside the repository (e.g. axe-core)."""
    require_commands({"npm": "npm"})
    target = _NODE_CACHE / f"{package}@{version}"
    path = target / "node_modules" / package / relative
    if not path.is_file():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--silent",
                "--prefix",
                str(target),
                f"{package}@{version}",
            ],
            check=True,
            capture_output=True,
        )
    assert path.is_file(), path
    return path
