"""The portal's own copies of the catalogue files, made once the data files are there.

The release's catalogue and オープンデータ一覧 cannot know where a portal will serve each
file. After uploading, `publish` knows every download and access URL and writes them into
copies for that portal: `catalog.ttl`, `catalog.jsonld`, `opendata-list.csv`, and a
`sha256sums.txt` of what a visitor downloads (by file name, for `sha256sum -c`). `dist/` stays as released
(reproducible); the copies are uploaded, and kept in `DIR/published/<portal>/`.
Built from the same inputs they are the same bytes, so a second run uploads nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from plan_progress.publish.record import MARKER, ReleaseRecord, ResourceSpec, one_sentence_a_line
from plan_progress.release.catalog import jsonld, turtle, with_portal_urls
from plan_progress.release.opendata_list import with_urls

COPIES = (
    ("catalog.ttl", "catalog-ttl", "text/turtle", "Turtle"),
    ("catalog.jsonld", "catalog-jsonld", "application/ld+json", "JSON-LD"),
    ("opendata-list.csv", "opendata-list", "text/csv", "CSV"),
    # CKAN serves uploads under lower-case names: this one is named so from the start.
    ("sha256sums.txt", "sha256sums", "text/plain", "TXT"),
)
_TITLES = {
    "catalog-ttl": (
        "ファイルの一覧とURL（DCAT カタログ、Turtle 形式）",
        "このデータセットの説明と、各ファイルのダウンロード URL・大きさ・SHA-256。"
        "カタログを集めるシステム（ハーベスター）向け。",
        "The dataset's description and each file's download URL, size and SHA-256, for"
        " catalogue harvesters.",
    ),
    "catalog-jsonld": (
        "ファイルの一覧とURL（DCAT カタログ、JSON-LD 形式）",
        "上と同じカタログを JSON-LD で表したもの。",
        "The same catalogue as JSON-LD.",
    ),
    "opendata-list": (
        "オープンデータ一覧（このデータセットの行）",
        "自治体標準オープンデータセット「オープンデータ一覧」の形式で、1ファイル1行。"
        "ダウンロード URL 入り。",
        "Rows of the 「オープンデータ一覧」 (Digital Agency's standard list), one per file,"
        " with download URLs.",
    ),
    "sha256sums": (
        "ファイルの確認用チェックサム（SHA-256）",
        "ダウンロードしたファイルが壊れていないかを確かめるための値。"
        "同じフォルダで sha256sum -c sha256sums.txt を実行します。",
        "SHA-256 of every file here: run sha256sum -c sha256sums.txt where you downloaded them.",
    ),
}


def urls_of(resources: list[dict[str, Any]], dataset_page: str) -> dict[str, tuple[str, str]]:
    """ファイル_ID -> (download URL, access URL) of our resources on the portal."""
    return {
        r[MARKER]: (str(r["url"]), f"{dataset_page}/resource/{r['id']}")
        for r in resources
        if r.get(MARKER) and r.get("url")
    }


def copies(
    record: ReleaseRecord,
    portal_url: str,
    dataset_page: str,
    urls: dict[str, tuple[str, str]],
    licence_title: str = "",
) -> dict[str, bytes]:
    """File name -> bytes of the portal's copies."""
    graph = with_portal_urls(record.catalog, portal_url, dataset_page, urls, licence_title)
    out = {
        "catalog.ttl": turtle(graph),
        "catalog.jsonld": jsonld(graph),
        "opendata-list.csv": with_urls(record.opendata_list, dataset_page, urls),
    }
    published = {r.upload_name: r.data for r in record.resources} | out
    out["sha256sums.txt"] = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(published.items())
    ).encode("utf-8")
    return out


def copy_specs(record: ReleaseRecord, contents: dict[str, bytes]) -> list[ResourceSpec]:
    specs = []
    for name, key, media, fmt in COPIES:
        data = contents[name]
        title, desc_ja, desc_en = _TITLES[key]
        identifier = f"{record.name}_{key}"
        specs.append(
            ResourceSpec(
                identifier,
                name,
                data,
                {
                    "name": title,
                    "description": f"{one_sentence_a_line(desc_ja)}\n\n{desc_en}",
                    "format": fmt,
                    "mimetype": media,
                    "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                    "size": len(data),
                    MARKER: identifier,
                },
            )
        )
    return specs
