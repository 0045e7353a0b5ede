"""A real CKAN for the publishing tests, started by the project's own setup script.

CKAN 2.11 with PostgreSQL and Redis on 127.0.0.1; the Solr-protocol stand-in is the only
substitute. If CKAN cannot be started the tests fail: they are never skipped.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import ckanapi

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts" / "ckan-local"


@dataclass(frozen=True)
class LocalCkan:
    url: str
    home: Path
    sysadmin_token: str = field(repr=False)  # kept out of assertion messages
    setup_seconds: float
    setup_log: str

    def client(self, token: str | None = None) -> ckanapi.RemoteCKAN:
        return ckanapi.RemoteCKAN(self.url, apikey=token, user_agent="plan-progress-tests")

    @property
    def admin(self) -> ckanapi.RemoteCKAN:
        return self.client(self.sysadmin_token)

    def pid(self, name: str) -> int:
        return int((self.home / f"{name}.pid").read_text().strip())

    def pg(self, action: str) -> None:
        version, cluster = (self.home / "pg.cluster").read_text().split()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action], check=True
        )

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.client().action.status_show()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PP_CKAN_HOME", str(Path.home() / ".cache" / "plan-progress-ckan"))
    return env


def start() -> LocalCkan:
    env = environment()
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(SCRIPTS / "setup.sh")], env=env, capture_output=True, text=True, timeout=1500
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"CKAN setup failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    home = Path(env["PP_CKAN_HOME"])
    port = env.get("PP_CKAN_PORT", "5050")
    ckan = LocalCkan(
        f"http://127.0.0.1:{port}",
        home,
        (home / "token.txt").read_text().strip(),
        time.monotonic() - started,
        result.stdout,
    )
    return ckan


def stop() -> None:
    subprocess.run(["bash", str(SCRIPTS / "teardown.sh")], env=environment(), check=False)
