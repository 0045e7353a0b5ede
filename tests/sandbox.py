"""A sandbox for hostile-input tests: a package, a directory "outside" it that holds a secret,
a loopback listener that must never be contacted, and a fingerprint of the whole tree.

Every bad-input case runs the real command line in a subprocess inside such a sandbox, then
checks that nothing in the sandbox changed (the package and everything beside it), that the
secret never appeared in the output, and that the listener saw no connection.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import copy_package

SECRET = "SECRET-LINE-4f1c: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 someone@elsewhere"


def fingerprint(root: Path) -> dict[str, str]:
    """Every entry under `root` (links not followed, FIFOs not opened): its kind, mode and,
    for a file, its SHA-256; for a link, its target."""
    found: dict[str, str] = {}
    for directory, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(directory, name)
            info = path.lstat()
            key = str(path.relative_to(root))
            mode = oct(stat.S_IMODE(info.st_mode))
            if stat.S_ISLNK(info.st_mode):
                found[key] = f"link {os.readlink(path)}"
            elif stat.S_ISREG(info.st_mode) and info.st_size > 8 * 1024 * 1024:
                # Big (sparse) test files: size and change time say enough, cheaply.
                found[key] = f"file {mode} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns}"
            elif stat.S_ISREG(info.st_mode):
                found[key] = f"file {mode} {hashlib.sha256(path.read_bytes()).hexdigest()}"
            elif stat.S_ISDIR(info.st_mode):
                found[key] = f"dir {mode}"
            else:
                found[key] = f"special {mode}"
    return found


class Listener:
    """A TCP port on 127.0.0.1 that accepts nothing: any connection attempt is queued and
    can be seen afterwards, so a test can prove that no request was made."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.socket.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    def close(self) -> None:
        self.socket.close()


@dataclass
class Sandbox:
    root: Path
    listener: Listener
    mounts: list[Path] = field(default_factory=list)
    closers: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.outside = self.root / "outside"
        self.outside.mkdir(parents=True)
        (self.outside / "authorized_keys").write_text(SECRET + "\n", encoding="utf-8")
        (self.outside / "secret.csv").write_text(SECRET + "\nmore\n", encoding="utf-8")
        self.pkg = copy_package(self.root / "pkg")

    # -- the package's descriptor ------------------------------------------------------
    def descriptor(self, pkg: Path | None = None) -> dict[str, Any]:
        return json.loads(((pkg or self.pkg) / "datapackage.json").read_text(encoding="utf-8"))

    def write_descriptor(self, value: Any, pkg: Path | None = None) -> None:
        text = json.dumps(value, ensure_ascii=False, indent=1)
        ((pkg or self.pkg) / "datapackage.json").write_text(text, encoding="utf-8")

    def resource(self, descriptor: dict[str, Any], name: str) -> dict[str, Any]:
        return next(r for r in descriptor["resources"] if r["name"] == name)

    def index(self, name: str) -> int:
        names = [r["name"] for r in self.descriptor()["resources"]]
        return names.index(name)

    def set_resource(self, name: str, key: str, value: Any) -> None:
        descriptor = self.descriptor()
        self.resource(descriptor, name)[key] = value
        self.write_descriptor(descriptor)

    # -- the package's files -----------------------------------------------------------
    def csv(self, name: str, pkg: Path | None = None) -> Path:
        return (pkg or self.pkg) / "data" / f"{name}.csv"

    def replace_in(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def first_text(self, table: str = "progress-entries", column: str = "progress") -> str:
        import csv

        with self.csv(table).open(encoding="utf-8", newline="") as f:
            return next(csv.DictReader(f))[column]

    # -- a small full disk -------------------------------------------------------------
    def full_disk(self, size: str = "4m") -> Path:
        disk = self.root / "disk"
        disk.mkdir()
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], check=True
        )
        self.mounts.append(disk)
        return disk

    def fill(self, disk: Path) -> None:
        """Fill the disk to the last byte (unbuffered writes, ever smaller)."""
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            for size in (1 << 20, 1 << 16, 1 << 12, 1 << 8, 1):
                block = b"\0" * size
                while True:
                    try:
                        os.write(fd, block)
                    except OSError as err:
                        assert err.errno == errno.ENOSPC
                        break
        finally:
            os.close(fd)

    def cleanup(self) -> None:
        for close in self.closers:
            close()
        for disk in self.mounts:
            subprocess.run(["umount", str(disk)], check=False)


@dataclass(frozen=True)
class Run:
    argv: list[str]
    code: int
    stdout: str
    stderr: str
    before: dict[str, str]
    after: dict[str, str]


def run_in(sandbox: Sandbox, argv: list[str], env: dict[str, str] | None = None) -> Run:
    before = fingerprint(sandbox.root)
    result = subprocess.run(
        [sys.executable, "-m", "plan_progress", *argv],
        cwd=sandbox.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
        preexec_fn=lambda: os.umask(0o022),  # a usual umask: files 0644, directories 0755
    )
    return Run(
        argv, result.returncode, result.stdout, result.stderr, before, fingerprint(sandbox.root)
    )
