"""The site's own words (headings, labels, notes) in Japanese and English.

Texts from the data are never translated here: they are shown as the source prints them
(marked `lang="ja"`); only the site's frame is in the reader's language."""

from __future__ import annotations

import re
from typing import Literal

from markupsafe import Markup, escape

Lang = Literal["ja", "en"]

_TEXT: dict[str, tuple[str, str]] = {
    "site_name": ("計画進捗オープンデータ", "Plan progress open data"),
    "home": ("トップ", "Home"),
    "reports": ("報告", "Reports"),
    "standard": ("標準の文書", "The standard"),
    "language_switch": ("English", "日本語"),
    "skip_to_content": ("本文へ移動", "Skip to content"),
    "breadcrumbs": ("現在位置", "Breadcrumbs"),
    "on_this_page": ("このページの内容", "On this page"),
    # the report
    "report_facts": ("計画と報告", "Plan and report"),
    "plan": ("計画", "Plan"),
    "report_title": ("報告書名", "Report title"),
    "no_report": (
        "報告はまだありません（計画のみの公開）",
        "No report yet (the plan published on its own)",
    ),
    "municipality": ("地方公共団体", "Local government"),
    "municipality_code": ("全国地方公共団体コード", "Local government code"),
    "period_number": ("期", "Period"),
    "plan_period": ("計画期間", "Plan period"),
    "start": ("開始", "Start"),
    "end": ("終了", "End"),
    "unknown": ("不明", "Unknown"),
    "authors": ("策定者", "Authors"),
    "status": ("版", "Edition"),
    "confirmed_by": ("確定した機関", "Confirmed by"),
    "confirmation_date": ("確定日", "Date confirmed"),
    "not_confirmed": ("記載なし", "Not stated"),
    "source": ("原資料", "Source document"),
    "source_unknown": ("公表日・URL は不明", "Publication date and address unknown"),
    "footnote": ("注記", "Note"),
    "outline": ("基本目標と取組", "Goals and initiatives"),
    "goal": ("基本目標", "Basic goal"),
    "goal_n": ("基本目標{n}", "Basic goal {n}"),
    "goal_list": ("目標の一覧", "Goal list"),
    "initiative": ("取組", "Initiative"),
    "sub_initiatives": ("下位の取組", "Sub-initiatives"),
    "item_type": ("区分", "Type"),
    "departments": ("担当", "Departments"),
    "progress": ("進捗状況", "Progress"),
    "issue": ("課題", "Issue"),
    "no_entry": ("記載なし", "No entry"),
    "entries_caption": ("：主体ごとの進捗状況と課題", ": progress and issue per actor"),
    "lp": ("（", " ("),
    "rp": ("）", ")"),
    "sep": ("、", ", "),
    "colon": ("：", ": "),
    "checksums": ("チェックサム（SHA-256）", "Checksums (SHA-256)"),
    "catalog": ("カタログ情報（DCAT 3）", "Catalog metadata (DCAT 3)"),
    "opendata_list": (
        "「オープンデータ一覧」の行",
        "Row for the open data list (オープンデータ一覧)",
    ),
    "actor": ("主体", "Actor"),
    "grades": ("評価", "Grades"),
    "grade": ("評価", "Grade"),
    "grade_reason": ("理由・意見", "Reason or comment"),
    "grade_legend": ("評価の区分", "Grade legend"),
    "grade_scale": ("評価の尺度", "Grade scale"),
    "grade_counts": ("資料に印刷された件数", "counts printed in the report"),
    "counted_over": ("集計の範囲", "Counted over"),
    "count": ("件数", "Count"),
    "share": ("割合（%）", "Share (%)"),
    "all_items": ("全段階の合計", "All levels"),
    "assessor": ("評価者", "Assessed by"),
    "code": ("記号", "Code"),
    "meaning": ("意味", "Meaning"),
    "description": ("説明", "Description"),
    "whole_plan": ("計画全体", "The plan as a whole"),
    "indicators": ("指標", "Indicators"),
    "indicator": ("指標", "Indicator"),
    "unit": ("単位", "Unit"),
    "baseline": ("基準値", "Baseline"),
    "current": ("現状値", "Current"),
    "target": ("目標値", "Target"),
    "planned": ("計画値", "Planned"),
    "actual": ("実績値", "Actual"),
    "fiscal_year": ("年度", "Fiscal year"),
    "direction": ("よい方向", "Better when"),
    "lower_is_better": ("低いほどよい", "lower"),
    "higher_is_better": ("高いほどよい", "higher"),
    "cumulative": ("累計", "cumulative"),
    "value_summary": ("{name} {year} {value}", "{name} {year}: {value}"),
    "series": ("年度ごとの値", "Values per fiscal year"),
    "chart_none": ("グラフにできる数値がありません。", "No numeric values to chart."),
    "chart_caption": ("{title}の推移", "{title} over time"),
    "downloads": ("ダウンロード", "Downloads"),
    "downloads_note": (
        "公開されるファイル（リリースと同じパス）。表計算ソフトで開くなら「Excel 用」の CSV"
        "またはブックが便利です。",
        "The published files (paths as in the release). To open the table in a spreadsheet,"
        " use the CSV for Excel or the workbook.",
    ),
    "file": ("ファイル", "File"),
    "format": ("形式", "Format"),
    "size": ("大きさ", "Size"),
    "licence": ("ライセンス", "Licence"),
    "attribution": ("出典の表示", "Attribution"),
    "how_to_cite": ("引用のしかた", "How to cite"),
    "citation_file": ("引用情報（CITATION.cff）", "Citation metadata (CITATION.cff)"),
    "iri_page": ("この項目の IRI ページ", "IRI page of this item"),
    "linked_data": ("Linked Data（IRI のページ）", "Linked data (IRI pages)"),
    "search": ("このページを検索", "Search this page"),
    "search_hint": (
        "取組名・進捗状況・課題の言葉で絞り込みます。",
        "Filters the initiatives by words in their title, progress and issue.",
    ),
    "search_count": ("{n} 件の取組が一致", "{n} initiatives match"),
    "japanese_texts_note": (
        "",
        "Headings and labels are in English; the report's texts are shown in Japanese, as"
        " published.",
    ),
    "version": ("版", "Version"),
    # a plan's history: its reports year by year (plans/…)
    "plans": ("計画ごとの年度の推移", "Plans year by year"),
    "plan_history": ("年度ごとの報告", "Reports by year"),
    "plan_history_link": ("この計画の年度ごとの報告と推移", "This plan's reports by year"),
    "plan_history_lead": (
        "同じ計画の年度ごとの報告を並べ、評価と指標の推移を示します。本文は各年度の報告のとおりです。",
        "The plan's yearly reports side by side, with grades and indicators over the years."
        " Texts are as each year's report prints them.",
    ),
    "reports_by_year": ("年度ごとの報告", "Reports by year"),
    "grades_by_year": ("評価の推移", "Grades over the years"),
    "indicators_by_year": ("指標の推移", "Indicators over the years"),
    "item_pages": ("取組・目標ごとの推移", "Each initiative or goal over the years"),
    "item_history": ("年度ごとの進捗と評価", "progress and grades by year"),
    "item": ("項目", "Item"),
    "no_year": ("年度不明", "Fiscal year unknown"),
    "changes": ("前年度からの変化", "What changed since the year before"),
    "values_by_year": ("年度ごとの値", "values by year"),
    "value_kind": ("区分", "Kind"),
    "value_of_year": ("各年度の値", "Value of the year"),
    "source_report": ("報告", "Report"),
    "title_in_report": ("この報告での名称", "Title in this report"),
    # IRI pages
    "resource": ("リソース", "Resource"),
    "type": ("種類", "Type"),
    "property": ("プロパティ", "Property"),
    "value": ("値", "Value"),
    "statements": ("このリソースについて", "About this resource"),
    "incoming": ("このリソースを参照しているもの", "What refers to this resource"),
    "subject": ("主語", "Subject"),
    "formats": ("ほかの形式", "Other formats"),
    "iri": ("IRI", "IRI"),
    # standard
    "vocabulary": ("語彙", "Vocabulary"),
    "classes": ("クラス", "Classes"),
    "object_properties": ("オブジェクトプロパティ", "Object properties"),
    "datatype_properties": ("データ型プロパティ", "Datatype properties"),
    "domain": ("定義域", "Domain"),
    "range": ("値域", "Range"),
    "alignments": ("対応づけ", "Alignments"),
    "label": ("名称", "Label"),
    "definition": ("定義", "Definition"),
    "example": ("例", "Example"),
    "no_example": ("作成したパッケージに使用例がありません。", "Not used in the packages built."),
    "tables": ("表", "Tables"),
    "column": ("列", "Column"),
    "title": ("見出し", "Title"),
    "datatype": ("型", "Type"),
    "required": ("必須", "Required"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    "constraints": ("制約", "Constraints"),
    "codelist": ("コード表", "Codelist"),
    "codelists": ("コード表", "Codelists"),
    "primary_key": ("主キー", "Primary key"),
    "foreign_keys": ("外部キー", "Foreign keys"),
    "rules": ("検証規則", "Validation rules"),
    "rule_id": ("規則 ID", "Rule id"),
    "message": ("メッセージ", "Message"),
    "fix": ("直し方", "How to fix"),
    "profiles": ("拡張プロファイル", "Extension profiles"),
    "profiles_in_use": ("作成したパッケージのプロファイル", "Profiles of the packages built"),
    "no_profiles": ("ありません。", "None."),
    "diff_format": ("年度間の比較（diff）の形式", "The diff's JSON shape"),
    "diff_part": ("部分", "Part"),
    "namespace": ("名前空間", "Namespace"),
    "table": ("表", "Table"),
    "optional_table": ("任意", "optional"),
}


def ui(lang: Lang) -> dict[str, str]:
    """Every site text in one language (templates read `t.key`)."""
    index = 0 if lang == "ja" else 1
    return {key: pair[index] for key, pair in _TEXT.items()}


def both(key: str) -> str:
    """ "日本語 / English" for the bilingual pages (IRI pages, the standard's documentation)."""
    ja, en = _TEXT[key]
    return ja if ja == en else f"{ja} / {en}"


def split_bilingual(text: str) -> tuple[str, str]:
    """The package writes titles as "日本語 / English"; either half may be missing."""
    ja, sep, en = text.partition(" / ")
    return (ja.strip(), en.strip()) if sep else (text.strip(), "")


# Japanese script (kana, kanji, full-width forms, CJK punctuation, circled numbers) and the
# spaces between such characters: a run of Japanese inside an English sentence.
_JAPANESE_RUN = re.compile(
    r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef\u2460-\u2473]"
    r"(?:[ \u3000-\u30ff\u3400-\u9fff\uff00-\uffef\u2460-\u2473()0-9A-Za-z]*"
    r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef\u2460-\u2473])?"
)


def mark_japanese(text: str, page_lang: str) -> Markup:
    """In an English page, each run of Japanese inside a text (a document's title quoted in an
    English attribution) marked `lang="ja"`, so that it is read and rendered as Japanese."""
    if page_lang == "ja":
        return escape(text)
    parts, last = [], 0
    for match in _JAPANESE_RUN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<span lang="ja">{}</span>').format(match.group(0)))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
