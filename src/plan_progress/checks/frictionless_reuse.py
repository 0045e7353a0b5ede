"""Reuse what frictionless computes about the same metadata, within one process.

frictionless re-validates every metadata descriptor (each field, schema and resource) against
its JSON Schema profile each time it builds the object, and builds them again and again: each
table's foreign-key lookup copies the tables it refers to. With the standard's 16 Table
Schemas that is ~1,300 descriptor validations per package, most of a small package's
`validate`, repeated identically for every package of a many-directory run.

Two pure computations are remembered:
- `Metadata.metadata_validate` for a descriptor it found valid, keyed by the class, the
  descriptor's JSON text, the profile and the Data Package version of the context. An
  invalid descriptor is never remembered: its errors are computed (and worded) every time.
- frictionless' `stringcase.snakecase` (key names, ~40,000 calls per package).

The problems reported are the same with and without (tests/test_frictionless_reuse.py runs
the bad-input matrix's packages both ways). `disabled()` turns it off for that test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

_state = {"installed": False, "enabled": True}
# Keys of descriptors found valid; bounded so that a long run cannot grow it without end.
_VALID: dict[tuple, None] = {}
_MAX_VALID = 100_000


def install() -> None:
    """Idempotent: wraps frictionless' functions once per process."""
    if _state["installed"]:
        return
    from frictionless.metadata.metadata import Metadata
    from frictionless.vendors import stringcase

    original = Metadata.__dict__["metadata_validate"].__func__

    def metadata_validate(
        cls: type,
        descriptor: Any,
        *,
        profile: Any = None,
        error_class: Any = None,
        context: Any = None,
    ) -> Iterator[Any]:
        key = _key(cls, descriptor, profile, error_class, context) if _state["enabled"] else None
        if key is not None and key in _VALID:
            return iter(())
        errors = list(
            original(cls, descriptor, profile=profile, error_class=error_class, context=context)
        )
        if key is not None and not errors and len(_VALID) < _MAX_VALID:
            _VALID[key] = None
        return iter(errors)

    Metadata.metadata_validate = classmethod(metadata_validate)  # type: ignore[method-assign]
    # Called through the module (stringcase.snakecase) everywhere: the cached one is used.
    stringcase.snakecase = lru_cache(maxsize=4096)(stringcase.snakecase)  # type: ignore[assignment]
    _state["installed"] = True


def _key(cls: type, descriptor: Any, profile: Any, error_class: Any, context: Any) -> tuple | None:
    try:
        text = json.dumps(descriptor, sort_keys=True, ensure_ascii=False)
        profile_key = (
            profile
            if profile is None or isinstance(profile, str)
            else json.dumps(profile, sort_keys=True)
        )
    except (TypeError, ValueError):
        return None  # not plain JSON: not remembered
    version = getattr(context, "datapackage_version", None)
    return (cls, text, profile_key, error_class, version)


@contextmanager
def disabled() -> Iterator[None]:
    """Neither use nor fill the memory of valid descriptors (snakecase stays cached: it is
    a pure function of a string)."""
    _state["enabled"] = False
    try:
        yield
    finally:
        _state["enabled"] = True
