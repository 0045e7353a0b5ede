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
