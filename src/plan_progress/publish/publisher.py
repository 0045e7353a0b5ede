"""Publishing one release: check access, plan, apply, then verify every download."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ckanapi

from plan_progress.core.problems import Problem
from plan_progress.publish.plan import (
    Change,
    dataset_fields,
    managed_resources,
    merged_extras,
    plan_changes,
)
from plan_progress.publish.portal import Portal, PortalError
from plan_progress.publish.record import ReleaseRecord, ResourceSpec


@dataclass(frozen=True)
class Outcome:
    changes: list[Change]
    verified: int  # resources downloaded and checked (0 on a dry run)
    dataset_url: str


def _fail(portal: Portal, rule: str, **params: Any) -> PortalError:
    return PortalError(Problem(rule, portal.url, params={"portal": portal.url, **params}))


def check_access(portal: Portal, org: str, token_given: bool) -> dict[str, Any]:
    """The organisation, after checking that the token is valid and may create datasets in it.

    CKAN treats an unknown token as an anonymous visitor, so `user_show` without an id (the
    caller's own account) is what tells a bad token apart from a missing permission.
    """
    if token_given:
        try:
            user = portal.read("user_show")
        except (ckanapi.NotFound, ckanapi.NotAuthorized):
            raise _fail(portal, "publish.token-invalid") from None
    try:
        organization = portal.read("organization_show", id=org, include_datasets=False)
    except (ckanapi.NotFound, ckanapi.NotAuthorized):
        raise _fail(portal, "publish.org-missing", org=org) from None
    if token_given:
        allowed = portal.read("organization_list_for_user", permission="create_dataset")
        if organization["id"] not in {o["id"] for o in allowed}:
            raise _fail(portal, "publish.permission", org=org, user=user.get("name", ""))
    return organization


def current_dataset(portal: Portal, name: str, org_id: str) -> dict[str, Any] | None:
    try:
        package = portal.read("package_show", id=name)
    except ckanapi.NotFound:
        return None
    except ckanapi.NotAuthorized:  # a private dataset of someone else holds the name
        raise _fail(portal, "publish.name-conflict", name=name) from None
    if package.get("owner_org") != org_id:
        raise _fail(portal, "publish.name-conflict", name=name)
    return package


def _write(portal: Portal, action: str, data: dict[str, Any], spec: ResourceSpec | None = None):
    """One write; CKAN's refusals become single clear messages."""
    try:
        if spec is None:
            return portal.write(action, data)
        with spec.file.open("rb") as f:
            return portal.write(action, data, upload=(spec.file.name, f))
    except ckanapi.NotAuthorized:
        raise _fail(portal, "publish.not-authorized", action=action) from None
    except ckanapi.ValidationError as err:
        detail = err.error_dict if hasattr(err, "error_dict") else err.args[0]
        text = str(detail)
        if "too large" in text:
            where = spec.path if spec else ""
            raise _fail(portal, "publish.file-too-large", file=where, detail=text) from None
        if "already in use" in text:
            raise _fail(portal, "publish.name-conflict", name=data.get("name", "")) from None
        raise _fail(portal, "publish.rejected", action=action, detail=text) from None


def apply_changes(
    portal: Portal,
    record: ReleaseRecord,
    org_id: str,
    package: dict[str, Any] | None,
    changes: list[Change],
    report: Callable[[str], None],
) -> None:
    specs = {spec.path: spec for spec in record.resources}
    for change in changes:
        if change.kind == "create-dataset":
            fields = dataset_fields(record, org_id)
            fields["extras"] = merged_extras(record, None)
            package = _write(portal, "package_create", fields)
        elif change.kind == "update-dataset":
            assert package is not None
            fields = dataset_fields(record, org_id)
            data: dict[str, Any] = {"id": package["id"]}
            for name in change.fields:
                if name == "extras":
                    data["extras"] = merged_extras(record, package)
                elif name == "state":
                    data["state"] = "active"
                else:
                    data[name] = fields[name]
            _write(portal, "package_patch", data)
        elif change.kind == "create-resource":
            assert package is not None
            spec = specs[change.target]
            _write(portal, "resource_create", {"package_id": package["id"], **spec.fields}, spec)
        elif change.kind == "upload-resource":
            spec = specs[change.target]
            _write(portal, "resource_patch", {"id": change.resource_id, **spec.fields}, spec)
        elif change.kind == "update-resource":
            spec = specs[change.target]
            data = {"id": change.resource_id, **{k: spec.fields[k] for k in change.fields}}
            _write(portal, "resource_patch", data)
        elif change.kind == "delete-resource":
            _write(portal, "resource_delete", {"id": change.resource_id})
        elif change.kind == "reorder-resources":
            assert package is not None
            _reorder(portal, record, package["id"])
        report(f"  done: {change.line()}")


def _reorder(portal: Portal, record: ReleaseRecord, package_id: str) -> None:
    current = portal.read("package_show", id=package_id)
    ours = managed_resources(current)
    wanted = [ours[spec.path]["id"] for spec in record.resources if spec.path in ours]
    others = [r["id"] for r in current["resources"] if r["id"] not in set(wanted)]
    _write(portal, "package_resource_reorder", {"id": package_id, "order": wanted + others})


def verify(portal: Portal, record: ReleaseRecord) -> int:
    """Download every resource as a portal user would and compare its SHA-256."""
    package = portal.read("package_show", id=record.name)
    ours = managed_resources(package)
    for spec in record.resources:
        resource = ours.get(spec.path)
        if resource is None:
            raise _fail(portal, "publish.checksum-mismatch", file=spec.path, detail="missing")
        digest = hashlib.sha256(portal.download(resource["url"])).hexdigest()
        if digest != spec.sha256:
            raise _fail(portal, "publish.checksum-mismatch", file=spec.path, detail=digest)
    return len(record.resources)


def publish(
    portal: Portal,
    record: ReleaseRecord,
    org: str,
    token_given: bool,
    dry_run: bool,
    report: Callable[[str], None],
) -> Outcome:
    organization = check_access(portal, org, token_given)
    package = current_dataset(portal, record.name, organization["id"])
    changes = plan_changes(record, package)
    url = f"{portal.url}/dataset/{record.name}"
    if dry_run or not changes:
        return Outcome(changes, 0 if dry_run else verify(portal, record), url)
    apply_changes(portal, record, organization["id"], package, changes, report)
    return Outcome(changes, verify(portal, record), url)


def release_dir(directory: str | Path) -> Path:
    return Path(directory) / "dist"
