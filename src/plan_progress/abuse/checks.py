"""What one attack answered against what it must answer (the target behaviour of issue 24)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    service: str  # "sparql" or "review"
    attack: str
    expected: str
    got: str
    passed: bool

    @property
    def verdict(self) -> str:
        return "pass" if self.passed else "FAIL"


@dataclass(frozen=True)
class Options:
    """What the operator told the check about the service."""

    timeout: float = 30.0  # the endpoint's query time limit (serve --timeout)
    upload_limit: int = 20 * 1024 * 1024  # the page's PP_REVIEW_MAX_UPLOAD
    server_pid: int | None = None  # `plan-progress serve`'s process, when on this machine
