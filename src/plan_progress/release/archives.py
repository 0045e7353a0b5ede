"""Deterministic ZIP archives: entries sorted by path, fixed times and permissions, so two
releases of the same package are byte-identical."""

from __future__ import annotations

import io
import zipfile

_FIXED = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: dict[str, bytes], folder: str) -> bytes:
    """`files` (path -> bytes) under one top folder, so unpacking makes one directory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=_FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return out.getvalue()
