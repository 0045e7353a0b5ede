"""Previews on the portal: the main tables in CKAN's datastore with their data dictionary
(Japanese labels, Japanese and English descriptions), and a table view on each.

Whether a table needs loading is decided by reading back what the datastore holds (its
columns, dictionary and every row) and comparing: a run with nothing to change writes
nothing, and a load that failed half-way is redone by the next run.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation
from typing import Any

import ckanapi

from plan_progress.core.problems import Problem
from plan_progress.publish.portal import Portal, PortalError
from plan_progress.publish.record import Preview

VIEW_TYPE = "datatables_view"
# PostgreSQL reports the types datastore_create was given by their own names.
_TYPE_NAMES = {"int": "int4", "float": "float8", "bool": "bool", "numeric": "numeric"}
VIEW_TITLE = "表で見る / Table"


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except InvalidOperation:
        return str(a) == str(b)


def held(portal: Portal, resource_id: str, limit: int) -> dict[str, Any] | None:
    """What the datastore holds for a resource (fields and rows), or None."""
    try:
        return portal.read(
            "datastore_search",
            resource_id=resource_id,
            limit=limit,
            sort="_id",
            include_total=True,
            expected=(ckanapi.NotFound, ckanapi.ValidationError),
        )
    except (ckanapi.NotFound, ckanapi.ValidationError):
        return None


def up_to_date(preview: Preview, current: dict[str, Any] | None) -> bool:
    if current is None:
        return False
    fields = [
        {"id": f["id"], "type": _TYPE_NAMES.get(f["type"], f["type"]), "info": f.get("info", {})}
        for f in current["fields"]
        if f["id"] != "_id"
    ]
    wanted = [
        {"id": f["id"], "type": _TYPE_NAMES.get(f["type"], f["type"]), "info": f["info"]}
        for f in preview.fields
    ]
    if fields != wanted or current.get("total") != len(preview.records):
        return False
    names = [f["id"] for f in preview.fields]
    return all(
        all(_same(held_row.get(n), row.get(n)) for n in names)
        for held_row, row in zip(current["records"], preview.records, strict=True)
    )


# Refusals worded here, naming the file.
_REFUSED = (ckanapi.NotAuthorized, ckanapi.ValidationError)


def load(portal: Portal, resource_id: str, preview: Preview, name: str) -> None:
    """Replace the resource's datastore table with the preview's columns and rows."""
    try:
        with contextlib.suppress(ckanapi.NotFound):
            portal.write(
                "datastore_delete",
                {"resource_id": resource_id, "force": True},
                expected=(ckanapi.NotFound, *_REFUSED),
            )
        portal.write(
            "datastore_create",
            {
                "resource_id": resource_id,
                "force": True,
                "fields": preview.fields,
                "records": preview.records,
            },
            expected=_REFUSED,
        )
    except (ckanapi.NotAuthorized, ckanapi.ValidationError) as err:
        raise _failed(portal, name, err) from None


def _failed(portal: Portal, name: str, err: Exception) -> PortalError:
    """One line naming the file; CKAN's answer shortened (it may quote whole records)."""
    return PortalError(
        Problem(
            "publish.datastore",
            portal.url,
            params={"portal": portal.url, "file": name, "detail": str(err)[:300]},
        )
    )


def has_view(portal: Portal, resource_id: str) -> bool:
    views = portal.read("resource_view_list", id=resource_id)
    return any(v.get("view_type") == VIEW_TYPE for v in views)


def add_view(portal: Portal, resource_id: str, name: str) -> None:
    try:
        portal.write(
            "resource_view_create",
            {"resource_id": resource_id, "view_type": VIEW_TYPE, "title": VIEW_TITLE},
            expected=_REFUSED,
        )
    except (ckanapi.NotAuthorized, ckanapi.ValidationError) as err:
        raise _failed(portal, name, err) from None
