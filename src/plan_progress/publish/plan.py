"""The changes that bring the portal to the release, computed by comparing the two.

Because the plan is always computed from what the portal holds now, running again after a
failure (or after someone edited the portal) converges on the same state, and a run with
nothing to do changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plan_progress.publish.record import PATH_FIELD, ReleaseRecord, ResourceSpec

# Extras this tool writes; others on the portal (added by the city's staff) are kept.
MANAGED_EXTRAS = frozenset(
    {
        "uri",
        "title_en",
        "municipality_code",
        "spatial_label",
        "conforms_to",
        "source",
        "attribution",
        "temporal_start",
        "temporal_end",
    }
)
SCALAR_FIELDS = ("title", "notes", "license_id", "version")


@dataclass(frozen=True)
class Change:
    kind: str  # create-dataset | update-dataset | create-resource | upload-resource |
    #            update-resource | delete-resource | reorder-resources
    target: str
    fields: tuple[str, ...] = ()
    resource_id: str = ""

    def line(self) -> str:
        detail = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{self.kind} {self.target}{detail}"


def extras_of(package: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: str(e["value"]) for e in package.get("extras", [])}


def merged_extras(record: ReleaseRecord, package: dict[str, Any] | None) -> list[dict[str, str]]:
    keep = {k: v for k, v in extras_of(package or {}).items() if k not in MANAGED_EXTRAS}
    keep.update(record.extras)
    return [{"key": k, "value": v} for k, v in sorted(keep.items())]


def dataset_fields(record: ReleaseRecord, org_id: str) -> dict[str, Any]:
    fields = {k: v for k, v in record.dataset.items() if k != "tags"}
    fields["owner_org"] = org_id
    fields["tags"] = [{"name": t} for t in record.dataset["tags"]]
    return fields


def dataset_diff(record: ReleaseRecord, package: dict[str, Any]) -> list[str]:
    changed = [f for f in SCALAR_FIELDS if (package.get(f) or "") != record.dataset[f]]
    if sorted(t["name"] for t in package.get("tags", [])) != record.dataset["tags"]:
        changed.append("tags")
    ours = {k: v for k, v in extras_of(package).items() if k in MANAGED_EXTRAS}
    if ours != record.extras:
        changed.append("extras")
    if package.get("state", "active") != "active":
        changed.append("state")
    return changed


def managed_resources(package: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {r[PATH_FIELD]: r for r in (package or {}).get("resources", []) if r.get(PATH_FIELD)}


def resource_diff(spec: ResourceSpec, resource: dict[str, Any]) -> list[str]:
    return [k for k, v in spec.fields.items() if str(resource.get(k, "")) != str(v)]


def needs_upload(spec: ResourceSpec, resource: dict[str, Any]) -> bool:
    return resource.get("hash") != spec.fields["hash"] or resource.get("url_type") != "upload"


def plan_changes(record: ReleaseRecord, package: dict[str, Any] | None) -> list[Change]:
    changes: list[Change] = []
    if package is None:
        changes.append(Change("create-dataset", record.name))
    else:
        diff = dataset_diff(record, package)
        if diff:
            changes.append(Change("update-dataset", record.name, tuple(diff)))
    existing = managed_resources(package)
    for spec in record.resources:
        resource = existing.get(spec.path)
        if resource is None:
            changes.append(Change("create-resource", spec.path))
        elif needs_upload(spec, resource):
            changes.append(Change("upload-resource", spec.path, resource_id=resource["id"]))
        else:
            diff = resource_diff(spec, resource)
            if diff:
                changes.append(
                    Change("update-resource", spec.path, tuple(diff), resource_id=resource["id"])
                )
    wanted = {spec.path for spec in record.resources}
    for path, resource in sorted(existing.items()):
        if path not in wanted:
            changes.append(Change("delete-resource", path, resource_id=resource["id"]))
    if final_order(record, package) != [spec.path for spec in record.resources]:
        changes.append(Change("reorder-resources", record.name))
    return changes


def final_order(record: ReleaseRecord, package: dict[str, Any] | None) -> list[str]:
    """Order of our resources once created ones are appended (as CKAN does) and deleted gone."""
    wanted = [spec.path for spec in record.resources]
    kept = [
        r[PATH_FIELD]
        for r in (package or {}).get("resources", [])
        if r.get(PATH_FIELD) in set(wanted)
    ]
    return kept + [p for p in wanted if p not in kept]
