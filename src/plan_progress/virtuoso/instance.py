"""A private Virtuoso server in a directory of its own, on loopback, for tests and benchmarks.

Never the system's service: its own `virtuoso.ini`, database and log in `directory`, bound to
127.0.0.1 on free ports, stopped (and its files left for the caller to remove) on `stop()`.
`DirsAllowed` names only `directory`, so the bulk loader reads nothing outside it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from plan_progress.virtuoso.isql import Connection, IsqlError, run_script

SERVER = "virtuoso-t"
STAGING = "staging"  # inside the instance directory, the one place the loader may read

# 8 KB pages; Virtuoso's own guide sizes NumberOfBuffers at about 2/3 of the memory it may
# use. 64,000 buffers (~500 MB) hold a ~500,000-entry store with room to spare.
_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = {d}
DefaultIsolation = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
"""


@dataclass
class Instance:
    directory: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def connection(self) -> Connection:
        return Connection("127.0.0.1", self.sql_port, "dba", "dba")

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def staging(self) -> Path:
        return self.directory / STAGING

    def database_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.directory.glob("virtuoso*.db"))

    def stop(self) -> None:
        """Checkpoint and shut down; killed if it does not stop within a minute."""
        if self.process.poll() is None:
            # isql loses its connection as the server goes: that is the shutdown.
            with suppress(IsqlError):
                run_script(self.connection, ["shutdown"], timeout=60)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(directory: Path, buffers: int = 64_000, wait: float = 120) -> Instance:
    """Start `virtuoso-t` in the foreground of a child process; ready when its endpoint answers."""
    program = shutil.which(SERVER)
    if program is None:
        raise FileNotFoundError(f"{SERVER} not found (Debian package virtuoso-opensource-7-bin)")
    directory = directory.resolve()
    (directory / STAGING).mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        _INI.format(
            d=directory,
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty=buffers * 3 // 4,
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [program, "-c", str(ini), "-f"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    instance = Instance(directory, sql_port, http_port, process)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = directory / "virtuoso.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{SERVER} exited with {process.returncode}: {detail}")
        try:
            with urllib.request.urlopen(f"{instance.sparql_url}?query=ASK%7B%7D", timeout=5):
                return instance
        except OSError:
            time.sleep(0.3)
    instance.stop()
    raise TimeoutError(f"{SERVER} did not answer within {wait:.0f} s")
