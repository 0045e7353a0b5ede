"""Publishing one release: check access, plan, apply, then verify every download.

Four steps, each planned from what the portal holds at that moment: the dataset and its data
files (and removal of our resources the release no longer has); the previews (datastore and
table view of each main table); the portal's own copies of the catalogue, the 一覧 and the
checksums, which need the data files' URLs; the order of the resources.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ckanapi
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from plan_progress.core.problems import Problem
from plan_progress.publish import datastore
from plan_progress.publish.licences import portal_licence
from plan_progress.publish.plan import (
    Change,
    dataset_changes,
    dataset_fields,
    deletions,
    in_order,
    managed_resources,
    merged_extras,
    resource_changes,
    wanted_order,
)
from plan_progress.publish.portal import Portal, PortalError
from plan_progress.publish.portal_copies import COPIES, copies, copy_specs, urls_of
from plan_progress.publish.record import ReleaseRecord, ResourceSpec, with_licence
from plan_progress.publish.series_links import series_links
from plan_progress.release.catalog import SPDX
from plan_progress.release.opendata_list import DOWNLOAD_URL, FILE_ID, read_rows


@dataclass(frozen=True)
class Outcome:
    changes: list[Change]
    verified: int  # downloads checked (0 on a dry run)
    dataset_url: str
    copies: dict[str, bytes] = field(default_factory=dict)  # the portal's copies (not on dry runs)


def _fail(portal: Portal, rule: str, **params: Any) -> PortalError:
    return PortalError(Problem(rule, portal.url, params={"portal": portal.url, **params}))


_MISSING_OR_FORBIDDEN = (ckanapi.NotFound, ckanapi.NotAuthorized)
_REFUSED = (ckanapi.NotAuthorized, ckanapi.ValidationError)


def check_access(portal: Portal, org: str, token_given: bool) -> dict[str, Any]:
    """The organisation, after checking that the token is valid and may create datasets in it.

    CKAN treats an unknown token as an anonymous visitor, so `user_show` without an id (the
    caller's own account) is what tells a bad token apart from a missing permission.
    """
    if token_given:
        try:
            user = portal.read("user_show", expected=_MISSING_OR_FORBIDDEN)
        except (ckanapi.NotFound, ckanapi.NotAuthorized):
            raise _fail(portal, "publish.token-invalid") from None
    try:
        organization = portal.read(
            "organization_show", id=org, include_datasets=False, expected=_MISSING_OR_FORBIDDEN
        )
    except (ckanapi.NotFound, ckanapi.NotAuthorized):
        raise _fail(portal, "publish.org-missing", org=org) from None
    if token_given:
        allowed = portal.read("organization_list_for_user", permission="create_dataset")
        if organization["id"] not in {o["id"] for o in allowed}:
            raise _fail(portal, "publish.permission", org=org, user=user.get("name", ""))
    return organization


def current_dataset(portal: Portal, name: str, org_id: str) -> dict[str, Any] | None:
    try:
        package = portal.read("package_show", id=name, expected=_MISSING_OR_FORBIDDEN)
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
            return portal.write(action, data, expected=_REFUSED)
        return portal.write(action, data, upload=(spec.upload_name, spec.data), expected=_REFUSED)
    except ckanapi.NotAuthorized:
        raise _fail(portal, "publish.not-authorized", action=action) from None
    except ckanapi.ValidationError as err:
        detail = err.error_dict if hasattr(err, "error_dict") else err.args[0]
        text = str(detail)
        if "too large" in text:
            where = spec.upload_name if spec else ""
            raise _fail(portal, "publish.file-too-large", file=where, detail=text) from None
        if "already in use" in text:
            raise _fail(portal, "publish.name-conflict", name=data.get("name", "")) from None
        raise _fail(portal, "publish.rejected", action=action, detail=text) from None


def apply_changes(
    portal: Portal,
    record: ReleaseRecord,
    org_id: str,
    package: dict[str, Any] | None,
    specs: list[ResourceSpec],
    changes: list[Change],
    report: Callable[[str], None],
) -> dict[str, Any] | None:
    """Apply dataset and resource changes; return the dataset as the portal now holds it."""
    by_key = {spec.key: spec for spec in specs}
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
            spec = by_key[change.target]
            _write(portal, "resource_create", {"package_id": package["id"], **spec.fields}, spec)
        elif change.kind == "upload-resource":
            spec = by_key[change.target]
            _write(portal, "resource_patch", {"id": change.resource_id, **spec.fields}, spec)
        elif change.kind == "update-resource":
            spec = by_key[change.target]
            data = {"id": change.resource_id, **{k: spec.fields[k] for k in change.fields}}
            _write(portal, "resource_patch", data)
        elif change.kind == "delete-resource":
            _write(portal, "resource_delete", {"id": change.resource_id})
        report(f"  done: {change.line()}")
    if package is None:
        return None
    return portal.read("package_show", id=package["id"])


def _previews(
    portal: Portal,
    record: ReleaseRecord,
    package: dict[str, Any] | None,
    dry_run: bool,
    report: Callable[[str], None],
) -> list[Change]:
    changes: list[Change] = []
    extensions = portal.read("status_show").get("extensions", [])
    if "datastore" not in extensions:
        # A portal without CKAN's datastore shows no previews; the files are there all the same.
        report(
            "  プレビューなし（ポータルに datastore がありません） / no previews: the portal has no datastore"
        )
        return changes
    ours = managed_resources(package)
    for spec in record.resources:
        if spec.preview is None:
            continue
        resource = ours.get(spec.key)
        if resource is None:  # a dry run before the file exists
            changes += [Change("datastore", spec.key), Change("view", spec.key)]
            continue
        rid = resource["id"]
        current = datastore.held(portal, rid, len(spec.preview.records) + 1)
        if not datastore.up_to_date(spec.preview, current):
            changes.append(Change("datastore", spec.key, resource_id=rid))
            if not dry_run:
                datastore.load(portal, rid, spec.preview, spec.upload_name)
                report(f"  done: {changes[-1].line()}")
        if not datastore.has_view(portal, rid):
            changes.append(Change("view", spec.key, resource_id=rid))
            if not dry_run:
                datastore.add_view(portal, rid, spec.upload_name)
                report(f"  done: {changes[-1].line()}")
    return changes


def verify(portal: Portal, record: ReleaseRecord, specs: list[ResourceSpec]) -> int:
    """Download every resource as a visitor would and compare its SHA-256; then follow every
    download URL of the uploaded catalogue and 一覧 and check the file it returns."""
    package = portal.read("package_show", id=record.name)
    ours = managed_resources(package)
    fetched: dict[str, bytes] = {}

    def get(url: str) -> bytes:
        if url not in fetched:
            fetched[url] = portal.download(url)
        return fetched[url]

    for spec in specs:
        resource = ours.get(spec.key)
        if resource is None:
            raise _fail(
                portal, "publish.checksum-mismatch", file=spec.upload_name, detail="missing"
            )
        digest = hashlib.sha256(get(resource["url"])).hexdigest()
        if digest != spec.sha256:
            raise _fail(portal, "publish.checksum-mismatch", file=spec.upload_name, detail=digest)
    catalog_key = f"{record.name}_{COPIES[0][1]}"
    list_key = f"{record.name}_{COPIES[2][1]}"
    graph = Graph().parse(data=get(ours[catalog_key]["url"]).decode("utf-8"), format="turtle")
    downloads = {}
    for dist in graph.subjects(RDF.type, DCAT.Distribution):
        url = graph.value(dist, DCAT.downloadURL)
        identifier = str(graph.value(dist, DCTERMS.identifier))
        checksum = str(graph.value(graph.value(dist, SPDX.checksum), SPDX.checksumValue))
        if url is None or hashlib.sha256(get(str(url))).hexdigest() != checksum:
            raise _fail(portal, "publish.checksum-mismatch", file=identifier, detail="catalog")
        downloads[identifier] = str(url)
    for row in read_rows(get(ours[list_key]["url"])):
        if not row[DOWNLOAD_URL] or downloads.get(row[FILE_ID]) != row[DOWNLOAD_URL]:
            raise _fail(portal, "publish.checksum-mismatch", file=row[FILE_ID], detail="一覧")
    return len(fetched)


def publish(
    portal: Portal,
    record: ReleaseRecord,
    org: str,
    token_given: bool,
    dry_run: bool,
    report: Callable[[str], None],
) -> Outcome:
    organization = check_access(portal, org, token_given)
    org_id = organization["id"]
    licences = portal.read("license_list")
    record = with_licence(record, portal_licence(licences, record.license_iri))
    licence_title = next(
        (str(x.get("title", "")) for x in licences if x.get("id") == record.dataset["license_id"]),
        "",
    )
    record = _in_series(portal, record)
    package = current_dataset(portal, record.name, org_id)
    page = f"{portal.url}/dataset/{record.name}"
    copy_keys = [f"{record.name}_{key}" for _, key, _, _ in COPIES]

    # 1. the dataset and its data files; our resources the release no longer has go
    changes = dataset_changes(record, package) + resource_changes(record.resources, package)
    changes += deletions({s.key for s in record.resources} | set(copy_keys), package)
    if changes and not dry_run:
        package = apply_changes(portal, record, org_id, package, record.resources, changes, report)
    # 2. previews
    changes += _previews(portal, record, package, dry_run, report)
    # 3. the portal's copies of the catalogue, 一覧 and checksums, with the files' URLs
    urls = urls_of((package or {}).get("resources", []), page)
    contents = copies(record, portal.url, page, urls, licence_title)
    copy_specs_ = copy_specs(record, contents)
    step = resource_changes(copy_specs_, package)
    if step and not dry_run:
        package = apply_changes(portal, record, org_id, package, copy_specs_, step, report)
    changes += step
    # 4. the order people need
    specs = [*record.resources, *copy_specs_]
    keys = [s.key for s in specs]
    if package is None or not in_order(package, keys):
        changes.append(Change("reorder-resources", record.name))
        if not dry_run and package is not None:
            order = wanted_order(package, keys)
            _write(portal, "package_resource_reorder", {"id": package["id"], "order": order})
            report(f"  done: {changes[-1].line()}")
    if dry_run:
        return Outcome(changes, 0, page)
    return Outcome(changes, verify(portal, record, specs), page, contents)


def _in_series(portal: Portal, record: ReleaseRecord) -> ReleaseRecord:
    """The record with the links that place it in its plan's series on this portal (the
    previous year's dataset only when the portal holds it: see publish/series_links.py)."""
    place = record.series
    if place is None:
        return record
    prev_on_portal = False
    if place.prev_name:
        try:
            prev = portal.read("package_show", id=place.prev_name, expected=_MISSING_OR_FORBIDDEN)
            prev_on_portal = prev.get("state", "active") == "active"
        except (ckanapi.NotFound, ckanapi.NotAuthorized):
            prev_on_portal = False
    paragraphs, extras = series_links(place, portal.url, prev_on_portal)
    # Right after the description, where a reader of the dataset page looks first.
    first, sep, rest = record.dataset["notes"].partition("\n\n")
    notes = f"{first}\n\n{paragraphs}{sep}{rest}"
    return replace(
        record, dataset={**record.dataset, "notes": notes}, extras={**record.extras, **extras}
    )


def release_dir(directory: str | Path) -> Path:
    return Path(directory) / "dist"


def copies_dir(directory: str | Path, portal_url: str) -> Path:
    """Where the portal's copies are kept beside the package: published/<host_port>/."""
    netloc = urlsplit(portal_url).netloc.replace(":", "_") or "portal"
    return Path(directory) / "published" / netloc
