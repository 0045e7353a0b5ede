"""Talk to a running Virtuoso through `isql-vt`, the SQL client Debian ships with it.

The bulk loader (`ld_dir`, `rdf_loader_run`) and the text index are SQL procedures, so a
script of SQL statements is what loading needs. isql carries on after a failed statement and
prints `*** Error ...`; such a line makes the whole script count as failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

ISQL = "isql-vt"  # Debian's name; upstream calls it `isql`
PASSWORD_ENV = "VIRTUOSO_PASSWORD"


class IsqlError(Exception):
    """A statement failed, or isql could not connect; the text is isql's own message."""


@dataclass(frozen=True)
class Connection:
    host: str = "127.0.0.1"
    port: int = 1111
    user: str = "dba"
    password: str = "dba"

    @classmethod
    def from_environment(cls, host: str, port: int, user: str) -> Connection:
        # The password is read from the environment, never from our own command line.
        return cls(host, port, user, os.environ.get(PASSWORD_ENV, "dba"))


def sql_string(text: str) -> str:
    """A SQL string literal (quotes doubled; isql takes backslashes literally only when
    doubled too)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def run_script(connection: Connection, statements: list[str], timeout: float = 3600) -> str:
    """Run the statements (each without its `;`) in one isql session; isql's output."""
    program = shutil.which(ISQL)
    if program is None:
        raise IsqlError(f"{ISQL} not found (Debian package virtuoso-opensource-7-bin)")
    script = "".join(f"{statement};\n" for statement in statements) + "EXIT;\n"
    try:
        result = subprocess.run(
            [
                program,
                f"{connection.host}:{connection.port}",
                connection.user,
                connection.password,
                "VERBOSE=OFF",
                "BANNER=OFF",
                "PROMPT=OFF",
                "ERRORS=STDOUT",
            ],
            input=script,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as err:
        raise IsqlError(f"isql took longer than {timeout:.0f} s") from err
    output = result.stdout + result.stderr
    errors = [line for line in output.splitlines() if line.startswith("*** Error")]
    if errors or result.returncode != 0:
        raise IsqlError("\n".join(errors) or output.strip()[-2000:])
    return result.stdout
