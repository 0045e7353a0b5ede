"""One row in the columns of the Digital Agency's 自治体標準オープンデータセット「オープンデータ一覧」.

A city adds this row to its own catalogue list. Columns whose value the package does not
know (URLs, dates of publication, update frequency, contact) stay empty.
"""

from __future__ import annotations

import csv
import io

from plan_progress.core import standard
from plan_progress.release.catalog import DatasetFacts, fiscal_year_end, fiscal_year_start
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


def target_period(facts: DatasetFacts) -> str:
    """ISO 8601 interval; an unknown end is ".." (open), never a guessed year."""
    start = (
        fiscal_year_start(facts.start_fiscal_year).isoformat() if facts.start_fiscal_year else ".."
    )
    end = fiscal_year_end(facts.end_fiscal_year).isoformat() if facts.end_fiscal_year else ".."
    return "" if start == end == ".." else f"{start}/{end}"


def opendata_list_csv(facts: DatasetFacts, file: ReleaseFile) -> bytes:
    title_ja, _ = split_bilingual(facts.title)
    description_ja, _ = split_bilingual(facts.description)
    attribution_ja, _ = split_bilingual(facts.attribution)
    row = {
        "全国地方公共団体コード": facts.municipality_code,
        "地方公共団体名": facts.municipality_name,
        "データセット_ID": facts.identifier,
        "データセット_タイトル": title_ja,
        "データセット_概要": description_ja,
        "データセット_キーワード": ";".join(k for k in facts.keywords if not k.isascii()),
        "データセット_準拠する標準": standard.SCHEMA_IRI,
        "データセット_対象期間": target_period(facts),
        "ファイル_ID": file.path,
        "ファイル_タイトル": file.title_ja,
        "ファイル_説明": file.description_ja,
        "ファイル_形式": file.format,
        "ファイル_ライセンス": LICENCE_NAMES.get(facts.license, facts.license),
        "ファイル_著作権表記": attribution_ja,
    }
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue().encode("utf-8")
