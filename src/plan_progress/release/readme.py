"""`dist/README.md`: which file to open, what a row is, the licence and how to cite (ja/en)."""

from __future__ import annotations

from plan_progress.model.main_tables import MainTable
from plan_progress.release.catalog import DatasetFacts
from plan_progress.release.files import ReleaseFile, split_bilingual


def readme(facts: DatasetFacts, files: list[ReleaseFile], tables: list[MainTable]) -> bytes:
    title_ja, title_en = split_bilingual(facts.title)
    attribution_ja, attribution_en = split_bilingual(facts.attribution)
    licence_ja, licence_en = split_bilingual(facts.license_title or facts.license)
    distributions = [f for f in files if f.key]
    lines = [
        f"# {title_ja}",
        "",
        f"{title_en}",
        "",
        "## どのファイルを開けばよいか",
        "",
        "上から順に、多くの人に役立つファイルです。",
        "",
        "| ファイル | 内容 |",
        "| --- | --- |",
        *(f"| `{f.path}` | **{f.title_ja}**：{f.description_ja} |" for f in distributions),
        "",
        "### 1行が表すもの",
        "",
        *(f"- {t.title_ja}：{t.row_ja}" for t in tables),
        "",
        "CSV は表計算ソフトで開くと全国地方公共団体コードの先頭の 0 が消えることがあります"
        "（Excel ファイルでは消えません）。",
        "",
        "### ライセンスと出典の書き方",
        "",
        f"ライセンス：{licence_ja}（{facts.license}）。",
        "",
        "利用するときは、次のように出典を書いてください。",
        "",
        f"> {attribution_ja}",
        "",
        "### ファイルが壊れていないかの確認",
        "",
        "`SHA256SUMS` に全ファイルの SHA-256 があります。このフォルダで"
        " `sha256sum -c SHA256SUMS` を実行すると確認できます。",
        "",
        "## Which file to open",
        "",
        "The files most people need come first.",
        "",
        "| file | what it is |",
        "| --- | --- |",
        *(f"| `{f.path}` | **{f.title_en}**: {f.description_en} |" for f in distributions),
        "",
        "### What a row is",
        "",
        *(f"- {t.title_en}: {t.row_en}" for t in tables),
        "",
        "A spreadsheet program that opens a CSV may drop the leading zero of the municipality"
        " code; the Excel file keeps it.",
        "",
        "### Licence and how to cite",
        "",
        f"Licence: {licence_en} ({facts.license}). Credit the source as follows:",
        "",
        f"> {attribution_en}",
        "",
        "### Checking the files",
        "",
        "`SHA256SUMS` lists the SHA-256 of every file: run `sha256sum -c SHA256SUMS` here.",
        "",
        "## その他のファイル / Other files",
        "",
        "| パス / path | 内容 / what |",
        "| --- | --- |",
        "| `catalog.ttl`, `catalog.jsonld` | DCAT のカタログ（ポータル・ハーベスター向け） / DCAT catalogue (for portals and harvesters) |",
        "| `opendata-list.csv` | 自治体標準オープンデータセット「オープンデータ一覧」の行（1ファイル1行） / rows of the 「オープンデータ一覧」 (one per file) |",
        "| `main/datapackage.json` | 上の表（日本語の見出し）の定義 / Table Schemas of the main tables (Japanese headers) |",
        "| `datapackage.json`, `data/` | 元の表（英語の列名）と生成したファイル / the source tables (English column names) and generated files |",
        "| `schema/`, `vocab/` | 標準の定義 / the standard's definitions |",
        "",
    ]
    return "\n".join(lines).encode("utf-8")
