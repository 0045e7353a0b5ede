"""The README that `plan-progress new` writes for a municipality (Japanese, then English).

Generated from the standard's resource list and Table Schemas, so it lists exactly the
tables and required columns that `validate` will check.
"""

from __future__ import annotations

from typing import Any

from plan_progress.core.package import SOURCE_TABLES

# The first eight tables carry every report; the rest are the optional parts.
CORE_TABLES = SOURCE_TABLES[:8]


def _split(text: str) -> tuple[str, str]:
    """Standard titles and descriptions are written "日本語 / English"."""
    ja, _, en = text.partition(" / ")
    return ja.strip(), (en or ja).strip()


def _required(resource: dict[str, Any]) -> list[str]:
    return [
        f["name"] for f in resource["schema"]["fields"] if f.get("constraints", {}).get("required")
    ]


def _table_lines(resources: list[dict[str, Any]], names: tuple[str, ...], lang: str) -> list[str]:
    lines = []
    for resource in resources:
        if resource["name"] not in names:
            continue
        title_ja, title_en = _split(resource["title"])
        desc_ja, desc_en = _split(resource.get("description", ""))
        required = ", ".join(f"`{c}`" for c in _required(resource))
        if lang == "ja":
            lines.append(f"- `{resource['path']}` **{title_ja}**：{desc_ja} 必須の列：{required}")
        else:
            lines.append(
                f"- `{resource['path']}` **{title_en}**: {desc_en} Required columns: {required}"
            )
    return lines


def readme_text(code: str, name: str, resources: list[dict[str, Any]], dir_name: str) -> str:
    optional = tuple(n for n in SOURCE_TABLES if n not in CORE_TABLES)
    ja_core = "\n".join(_table_lines(resources, CORE_TABLES, "ja"))
    ja_optional = "\n".join(_table_lines(resources, optional, "ja"))
    en_core = "\n".join(_table_lines(resources, CORE_TABLES, "en"))
    en_optional = "\n".join(_table_lines(resources, optional, "en"))
    return f"""# {name}の計画の事業進捗 / Plan progress of {name}

`plan-progress new` で作成したパッケージです（全国地方公共団体コード {code}）。
表はまだ見出し行だけです。`data/plans.csv` には地方公共団体コードと名称だけが入っています。
A package created by `plan-progress new` for {name} (municipality code {code}). The tables hold
header rows only; `data/plans.csv` holds just the municipality's code and name.

## 手順

1. `data/` の CSV に報告書の内容を入力します（UTF-8、見出し行は英字の列名のまま）。
   Excel で入力する場合は `plan-progress template book.xlsx --from {dir_name}` でブックを作り、入力後に
   `plan-progress import book.xlsx {dir_name}` で CSV に取り込みます。
2. 生成と検証を行います。

```sh
plan-progress build {dir_name}
plan-progress validate {dir_name}
```

誤りがあれば「ファイル:行:列: [規則ID] 内容と直し方」の形で表示されます（行は見出しを1行目と数えます）。
`datapackage.json` の `title`・`description`・`planProgress.attribution` は仮の文言です。
計画名・報告書名・出典に合わせて書き換えてください。ライセンスは CC BY 4.0 です。

### 中心の表（どの報告にも必要）

{ja_core}

### 任意の表（使わない場合は見出し行だけのまま）

{ja_optional}

列ごとの説明は `datapackage.json` の各列の `title` と `description` にあります。

## Steps

1. Fill in the CSV files in `data/` from the report (UTF-8; keep the header rows of column
   names). To work in Excel, make a workbook with
   `plan-progress template book.xlsx --from {dir_name}`, fill it
   in, and bring it back with `plan-progress import book.xlsx {dir_name}`.
2. Build and validate:

```sh
plan-progress build {dir_name}
plan-progress validate {dir_name}
```

Each problem is printed as `file:row:column: [rule-id] what is wrong and how to fix it` (the
header is row 1). `title`, `description` and `planProgress.attribution` in `datapackage.json` are
placeholders: replace them with the plan's and report's titles and the source. Licence: CC BY 4.0.

### Core tables (every report)

{en_core}

### Optional tables (leave the header row alone when unused)

{en_optional}

Every column's title and description are in `datapackage.json`.
"""
