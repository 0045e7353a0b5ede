"""Reuse what frictionless computes about the same metadata, within one process.

frictionless re-validates every metadata descriptor (each field, schema and resource) against
its JSON Schema profile each time it builds the object, and builds them again and again: each
table's foreign-key lookup copies the tables it refers to. With the standard's 16 Table
Schemas that is ~1,300 descriptor validations per package, most of a small package's
`validate`, repeated identically for every package of a many-directory run.

Three pure computations are remembered:
- `Metadata.metadata_validate` for a descriptor it found valid, keyed by the class, the
  descriptor's JSON text, the profile and the Data Package version of the context. An
  invalid descriptor is never remembered: its errors are computed (and worded) every time.
- frictionless' `stringcase.snakecase` (key names, ~40,000 calls per package).
- The foreign-key lookups: the set of key values of a referred table. frictionless reads the
  referred table again for every foreign key that names it (the standard's `plans` is named
  by seven tables, `initiatives` by five); here it is read once, keyed by the file (its
  path, device, inode, size and modification time), its Table Schema, dialect, format and
  encoding, and the referred columns. The set is computed by frictionless' own reading.

The problems reported are the same with and without (tests/test_frictionless_reuse.py runs
the bad-input matrix's packages both ways). `disabled()` turns it off for that test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

_state = {"installed": False, "enabled": True}
# Keys of descriptors found valid; bounded so that a long run cannot grow it without end.
_VALID: dict[tuple, None] = {}
_MAX_VALID = 100_000
# Foreign-key lookups: few are alive at a time (one package's tables), so a small memory.
_LOOKUPS: dict[tuple, set[tuple]] = {}
_MAX_LOOKUPS = 64


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
    _install_lookups()
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


def _install_lookups() -> None:
    from frictionless import FrictionlessException, errors
    from frictionless.resources.table import TableResource
    from frictionless.table import Lookup

    original = TableResource._TableResource__open_lookup  # type: ignore[attr-defined]

    def open_lookup(self: Any) -> None:
        if not _state["enabled"]:
            return original(self)
        # frictionless' own steps and checks, in its order (resources/table.py), with each
        # referred table's set of keys read once.
        lookup = Lookup()
        for fk in self.schema.foreign_keys:
            source_name = fk["reference"]["resource"]
            source_key = tuple(fk["reference"]["fields"])
            if source_name == self.name or not source_name:
                referred = self
            else:
                if not self.package:
                    note = f'package is required for foreign keys to other resources: "{fk}"'
                    raise FrictionlessException(errors.ResourceError(note=note))
                if not self.package.has_resource(source_name):
                    note = (
                        f'failed to handle a foreign key for resource "{self.name}" as '
                        f'resource "{source_name}" does not exist'
                    )
                    raise FrictionlessException(errors.ResourceError(note=note))
                referred = self.package.get_resource(source_name)
            lookup.setdefault(source_name, {})
            if source_key in lookup[source_name]:
                continue
            key = _lookup_key(referred, source_key)
            keys = _LOOKUPS.get(key) if key is not None else None
            if keys is None:
                keys = _read_keys(referred.to_copy(), source_key)
                if key is not None:
                    if len(_LOOKUPS) >= _MAX_LOOKUPS:
                        del _LOOKUPS[next(iter(_LOOKUPS))]
                    _LOOKUPS[key] = keys
            lookup[source_name][source_key] = keys
        self._TableResource__lookup = lookup

    TableResource._TableResource__open_lookup = open_lookup  # type: ignore[attr-defined]


def _read_keys(source: Any, source_key: tuple[str, ...]) -> set[tuple]:
    keys: set[tuple] = set()
    if source.schema:
        source.schema.foreign_keys = []
    if not source:
        return keys
    with source:
        for row in source.row_stream:
            cells = tuple(row.get(name) for name in source_key)
            if set(cells) == {None}:
                continue
            keys.add(cells)
    return keys


def _lookup_key(resource: Any, source_key: tuple[str, ...]) -> tuple | None:
    """What the referred keys depend on, or None (then they are read every time)."""
    if resource.data is not None or resource.extrapaths or not resource.normpath:
        return None
    try:
        stat = os.stat(resource.normpath)
        described = json.dumps(
            [
                resource.schema.to_descriptor() if resource.schema else None,
                resource.dialect.to_descriptor() if resource.dialect else None,
                resource.format,
                resource.encoding,
                resource.innerpath,
                resource.compression,
            ],
            sort_keys=True,
        )
    except (OSError, TypeError, ValueError):
        return None
    file = (resource.normpath, stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return (file, described, source_key)


@contextmanager
def disabled() -> Iterator[None]:
    """Neither use nor fill the memory of valid descriptors (snakecase stays cached: it is
    a pure function of a string)."""
    _state["enabled"] = False
    try:
        yield
    finally:
        _state["enabled"] = True
