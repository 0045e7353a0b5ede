"""One row in the columns of the Digital Agency's 自治体標準オープンデータセット「オープンデータ一覧」.

One row per published file, as a city adds them to its own catalogue list. Columns whose
value the package does not state (dates, update frequency, contact) stay empty; the URLs are
known only once a portal holds the files, so `publish` fills them in its own copy.
"""

from __future__ import annotations

import csv
import io

from plan_progress.core import standard
from plan_progress.release.catalog import (
    DatasetFacts,
    file_id,
    fiscal_year_end,
    fiscal_year_start,
)
from plan_progress.release.files import ReleaseFile, split_bilingual

COLUMNS = (
    "全国地方公共団体コード",
    "地方公共団体名",
    "データセット_ID",
    "データセット_タイトル",
    "データセット_概要",
    "データセット_キーワード",
    "データセット_分類",
    "データセット_URL",
    "データセット_更新頻度",
    "データセット_公開日",
    "データセット_最終更新日",
    "データセット_準拠する標準",
    "データセット_関連ドキュメント",
    "データセット_対象期間",
    "データセット_作成者",
    "データセット_連絡先名称",
    "データセット_連絡先メールアドレス",
    "データセット_連絡先電話番号",
    "データセット_連絡先内線番号",
    "データセット_連絡先FormURL",
    "データセット_連絡先備考（その他、SNSなど）",
    "データセット_備考",
    "ファイル_ID",
    "ファイル_タイトル",
    "ファイル_アクセスURL",
    "ファイル_ダウンロードURL",
    "ファイル_説明",
    "ファイル_形式",
    "ファイル_ライセンス",
    "ファイル_利用規約",
    "ファイル_関連ドキュメント",
    "ファイル_公開日",
    "ファイル_最終更新日",
    "ファイル_準拠する標準",
    "ファイル_著作権表記",
)

LICENCE_NAMES = {"https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}
DOWNLOAD_URL = "ファイル_ダウンロードURL"
ACCESS_URL = "ファイル_アクセスURL"
DATASET_URL = "データセット_URL"
FILE_ID = "ファイル_ID"


def target_period(facts: DatasetFacts) -> str:
    """ISO 8601 interval; an unknown end is ".." (open), never a guessed year."""
    start = (
        fiscal_year_start(facts.start_fiscal_year).isoformat() if facts.start_fiscal_year else ".."
    )
    end = fiscal_year_end(facts.end_fiscal_year).isoformat() if facts.end_fiscal_year else ".."
    return "" if start == end == ".." else f"{start}/{end}"


def _titles(codelist: str, codes: tuple[str, ...] | list[str]) -> str:
    titles = {r["code"]: r["title_ja"] for r in standard.codelist(codelist)}
    return ";".join(titles[c] for c in codes)


def opendata_list_csv(facts: DatasetFacts, files: list[ReleaseFile]) -> bytes:
    """One row per distribution, in publishing order. URLs stay empty: a portal's copy gets
    them when it is published (`with_urls`)."""
    title_ja, _ = split_bilingual(facts.title)
    description_ja, _ = split_bilingual(facts.description)
    attribution_ja, _ = split_bilingual(facts.attribution)
    contact = facts.contact
    dataset = {
        "全国地方公共団体コード": facts.municipality_code,
        "地方公共団体名": facts.municipality_name,
        "データセット_ID": facts.identifier,
        "データセット_タイトル": title_ja,
        "データセット_概要": description_ja,
        "データセット_キーワード": ";".join(k for k in facts.keywords if not k.isascii()),
        "データセット_分類": _titles("data-theme", facts.themes),
        "データセット_更新頻度": _titles("update-frequency", [facts.update_frequency])
        if facts.update_frequency
        else "",
        "データセット_公開日": facts.issued,
        "データセット_最終更新日": facts.modified,
        "データセット_準拠する標準": standard.SCHEMA_IRI,
        "データセット_関連ドキュメント": facts.source_url,
        "データセット_対象期間": target_period(facts),
        "データセット_作成者": "、".join(c.name for c in facts.creators),
        "データセット_連絡先名称": split_bilingual(contact.name)[0] if contact else "",
        "データセット_連絡先メールアドレス": contact.email if contact else "",
        "データセット_連絡先電話番号": contact.telephone if contact else "",
        "データセット_連絡先内線番号": contact.extension if contact else "",
        "データセット_連絡先FormURL": contact.url if contact else "",
    }
    rows = [
        {
            **dataset,
            FILE_ID: file_id(facts.identifier, file.key),
            "ファイル_タイトル": file.title_ja,
            "ファイル_説明": file.description_ja,
            "ファイル_形式": file.format,
            "ファイル_ライセンス": LICENCE_NAMES.get(facts.license, facts.license),
            "ファイル_準拠する標準": file.conforms_to or "",
            "ファイル_著作権表記": attribution_ja,
        }
        for file in files
        if file.key
    ]
    return _csv(rows)


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_rows(data: bytes) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise ValueError("not an オープンデータ一覧 in the standard's columns")
    return rows


def with_urls(data: bytes, landing_page: str, urls: dict[str, tuple[str, str]]) -> bytes:
    """A portal's copy: the dataset's page and each file's download and access URL
    (`urls`: ファイル_ID -> (download, access))."""
    rows = read_rows(data)
    for row in rows:
        row[DATASET_URL] = landing_page
        download, access = urls.get(row[FILE_ID], ("", ""))
        row[DOWNLOAD_URL], row[ACCESS_URL] = download, access
    return _csv(rows)
