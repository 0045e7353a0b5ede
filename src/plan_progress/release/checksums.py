"""`SHA256SUMS` in the format `sha256sum -c` reads: "<hex>  <path>", sorted by path."""

from __future__ import annotations

import hashlib


def sha256sums(files: dict[str, bytes]) -> bytes:
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())
    ]
    return "".join(lines).encode("utf-8")


def parse_sha256sums(text: str) -> dict[str, str]:
    """path -> hex digest; raises ValueError on a malformed line."""
    sums: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or not path:
            raise ValueError(f"malformed SHA256SUMS line: {line!r}")
        sums[path] = digest
    return sums
