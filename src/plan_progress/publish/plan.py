"""The changes that bring the portal to the release, computed by comparing the two.

Because the plan is always computed from what the portal holds now, running again after a
failure (or after someone edited the portal) converges on the same state, and a run with
nothing to do changes nothing. Only resources carrying our marker are ever changed or
removed; others (added by the city's staff) are kept, after ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plan_progress.publish.record import LEGACY_MARKER, MARKER, ReleaseRecord, ResourceSpec
from plan_progress.publish.series_links import EXTRAS as SERIES_EXTRAS

# Extras written by releases before 0.2 (English keys): ours, so replaced.
LEGACY_EXTRAS = frozenset(
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
# Every extra key this tool may write (Japanese keys, as the portal shows them).
MANAGED_EXTRAS = LEGACY_EXTRAS | {
    "全国地方公共団体コード",
    "地方公共団体名",
    "地域（統計LOD の標準地域コード）",
    "対象期間",
    "更新頻度",
    "公開日",
    "最終更新日",
    "言語",
    "分類",
    "作成者",
    "公開者",
    "連絡先",
    "連絡先メールアドレス",
    "連絡先電話番号",
    "連絡先URL",
    "原資料",
    "出典の書き方",
    "準拠する標準",
    "データセットのIRI",
    "英語の題名 / English title",
}
# …and those that place a dataset in its plan's series (publish/series_links.py).
MANAGED_EXTRAS |= SERIES_EXTRAS
SCALAR_FIELDS = (
    "title",
    "notes",
    "license_id",
    "version",
    "author",
    "maintainer",
    "maintainer_email",
    "url",
)


@dataclass(frozen=True)
class Change:
    kind: str  # create-dataset | update-dataset | create-resource | upload-resource |
    #            update-resource | delete-resource | reorder-resources | datastore | view
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
    changed = [f for f in SCALAR_FIELDS if (package.get(f) or "") != record.dataset.get(f, "")]
    if sorted(t["name"] for t in package.get("tags", [])) != record.dataset["tags"]:
        changed.append("tags")
    ours = {k: v for k, v in extras_of(package).items() if k in MANAGED_EXTRAS}
    if ours != record.extras:
        changed.append("extras")
    if package.get("state", "active") != "active":
        changed.append("state")
    return changed


def managed_resources(package: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Our resources by ファイル_ID."""
    return {r[MARKER]: r for r in (package or {}).get("resources", []) if r.get(MARKER)}


def legacy_resources(package: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Resources an earlier release published (marked by path): all replaced."""
    return [
        r
        for r in (package or {}).get("resources", [])
        if r.get(LEGACY_MARKER) and not r.get(MARKER)
    ]


def resource_diff(spec: ResourceSpec, resource: dict[str, Any]) -> list[str]:
    return [k for k, v in spec.fields.items() if str(resource.get(k, "")) != str(v)]


def needs_upload(spec: ResourceSpec, resource: dict[str, Any]) -> bool:
    return resource.get("hash") != spec.fields["hash"] or resource.get("url_type") != "upload"


def resource_changes(specs: list[ResourceSpec], package: dict[str, Any] | None) -> list[Change]:
    existing = managed_resources(package)
    changes: list[Change] = []
    for spec in specs:
        resource = existing.get(spec.key)
        if resource is None:
            changes.append(Change("create-resource", spec.key))
        elif needs_upload(spec, resource):
            changes.append(Change("upload-resource", spec.key, resource_id=resource["id"]))
        else:
            diff = resource_diff(spec, resource)
            if diff:
                changes.append(
                    Change("update-resource", spec.key, tuple(diff), resource_id=resource["id"])
                )
    return changes


def dataset_changes(record: ReleaseRecord, package: dict[str, Any] | None) -> list[Change]:
    if package is None:
        return [Change("create-dataset", record.name)]
    diff = dataset_diff(record, package)
    return [Change("update-dataset", record.name, tuple(diff))] if diff else []


def deletions(wanted: set[str], package: dict[str, Any] | None) -> list[Change]:
    """Our resources the release no longer has: by our marker only."""
    changes = [
        Change("delete-resource", key, resource_id=resource["id"])
        for key, resource in sorted(managed_resources(package).items())
        if key not in wanted
    ]
    changes += [
        Change("delete-resource", str(r[LEGACY_MARKER]), resource_id=r["id"])
        for r in legacy_resources(package)
    ]
    return changes


def wanted_order(package: dict[str, Any] | None, keys: list[str]) -> list[str]:
    """Resource ids in the final order: ours as `keys` says, then everyone else's."""
    ours = managed_resources(package)
    first = [ours[k]["id"] for k in keys if k in ours]
    return first + [r["id"] for r in (package or {}).get("resources", []) if r["id"] not in first]


def in_order(package: dict[str, Any] | None, keys: list[str]) -> bool:
    return [r["id"] for r in (package or {}).get("resources", [])] == wanted_order(package, keys)
