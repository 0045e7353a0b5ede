"""The main tables for people: Japanese headers in the 自治体標準オープンデータセット order,
one row per entry / grade / indicator-year, columns derived from the Table Schemas."""

from __future__ import annotations

import copy

import pytest

from conftest import EXAMPLES, RECORDS, REPO
from plan_progress.checks.tables import read_tables
from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.model.main_tables import build_main_tables

KAKUU = next(p for p in EXAMPLES if p.name == "kakuu-shi-chiiki-fukushi")


def main_tables(root, schema_change=None):
    package = PlanPackage.open(root)
    tables = read_tables(package)

    def schemas(name: str) -> dict:
        schema = package.resource(name)["schema"]
        return schema_change(name, copy.deepcopy(schema)) if schema_change else schema

    flat = package.path(FLAT_TABLE).read_bytes()
    return {t.key: t for t in build_main_tables(tables, flat, schemas(FLAT_TABLE), schemas)}


def column(table, header: str) -> list[str]:
    i = table.header.index(header)
    return [row[i] for row in table.rows]


def test_shimotsuke_has_only_the_entries_table() -> None:
    tables = main_tables(REPO)
    assert list(tables) == ["entries"]  # no grades or indicators in the seed report
    entries = tables["entries"]
    assert entries.header[:3] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    assert "主体ID" not in entries.header  # identifiers other than the row's own are left out
    assert entries.header[3:] == [
        "計画名",
        "報告書名",
        "基本目標番号",
        "基本目標名",
        "取組番号",
        "取組名",
        "主体（略称）",
        "主体名",
        "進捗状況",
        "課題",
        # version 0.2: after the columns of 0.1, so that none of them moves
        "年度",
        "年度（和暦表記）",
        "基本目標の表記番号",
        "目標の階層",
        "目標の階層（名称）",
        "取組の表記番号",
        "取組の階層",
        "取組の階層（名称）",
    ]
    assert len(entries.rows) == 28
    assert set(column(entries, "全国地方公共団体コード")) == {"092169"}
    assert column(entries, "ID")[:2] == ["g1-1-city", "g1-1-shakyo"]
    progress = column(entries, "進捗状況")[2]
    assert "\nまた、公共施設においては" in progress  # the paragraph break survives
    assert entries.to_csv().startswith("全国地方公共団体コード,ID,地方公共団体名,".encode())


def test_grades_join_item_scale_level_and_legend() -> None:
    grades = main_tables(KAKUU)["grades"]
    rows = {row[1]: dict(zip(grades.header, row, strict=True)) for row in grades.rows}
    assert list(rows) == ["gr1", "gr2", "gr3", "gr4", "gr5", "gr6", "gr7"]
    gr1 = rows["gr1"]
    assert gr1["評価の対象"] == "取組"
    assert gr1["基本目標名"] == "誰もが支え合う地域をつくる"
    assert gr1["取組名"] == "地域の見守りネットワークの充実"
    assert gr1["主体（略称）"] == "市"
    assert gr1["尺度の名称"] == "達成度"
    assert gr1["評価者の区分"] == "自己評価"  # the codelist's Japanese title, not "self"
    assert (gr1["評価"], gr1["評価の名称"]) == ("A", "計画どおり進んでいる")
    assert gr1["評価の説明"] == "目標の達成に向けて計画どおり進んでいる。"
    assert rows["gr5"]["評価の対象"] == "基本目標" and rows["gr5"]["取組名"] == ""
    assert rows["gr5"]["評価した会議体"] == "架空市地域福祉計画推進委員会（例）"
    assert rows["gr6"]["評価の対象"] == "計画全体" and rows["gr6"]["基本目標名"] == ""
    assert rows["gr6"]["評価の理由"] == "計画全体としておおむね順調である。"


def test_indicators_one_row_per_indicator_and_fiscal_year() -> None:
    indicators = main_tables(KAKUU)["indicators"]
    ids = column(indicators, "ID")
    # ind1 has three yearly values, ind2 and ind4 none, ind3 two
    assert ids == [
        "ind1-2022", "ind1-2023", "ind1-2024", "ind2", "ind3-2023", "ind3-2024", "ind4", "ind5-2024"
    ]  # fmt: skip
    row = dict(zip(indicators.header, indicators.rows[0], strict=True))
    assert row["指標名"] == "見守り協力事業者数" and row["単位"] == "事業所"
    assert (row["初期値"], row["初期値の年度"], row["初期値の年度（和暦表記）"]) == (
        "120",
        "2021",
        "令和3年度",
    )
    assert (row["年度"], row["計画値"], row["実績値"]) == ("2022", "130", "131")
    assert (row["小さいほど良い"], row["累計"]) == ("いいえ", "はい")
    ind2 = dict(zip(indicators.header, indicators.rows[3], strict=True))
    assert ind2["現状値の状態"] == "数値なし" and ind2["目標値の状態"] == "設定しない"
    assert ind2["年度"] == ""  # no yearly values: one row, no fiscal year
    ind4 = dict(zip(indicators.header, indicators.rows[-2], strict=True))
    assert ind4["初期値"] == "23.5" and ind4["小さいほど良い"] == ""  # unknown stays empty


def test_a_new_column_in_a_table_schema_appears_by_itself() -> None:
    """Columns follow the schemas: a column added to grades (as a later version of the
    standard or a profile may add) reaches the people's table with its Japanese title."""

    def add(name: str, schema: dict) -> dict:
        if name == "grades":
            schema["fields"].append(
                {"name": "fiscal_year", "title": "評価の年度 / Fiscal year", "type": "integer"}
            )
        return schema

    grades = main_tables(KAKUU, add)["grades"]
    assert grades.header[-1] == "評価の年度"
    assert grades.fields[-1].title_en == "Fiscal year"


def test_headers_are_unique_and_schemas_describe_every_column() -> None:
    for root in (*EXAMPLES, *RECORDS):
        for table in main_tables(root).values():
            assert len(set(table.header)) == len(table.header)
            schema = table.table_schema()
            assert [f["name"] for f in schema["fields"]] == table.header
            for field in schema["fields"]:
                assert " / " in field["title"], field
                # PostgreSQL (the portal's datastore) cuts identifiers at 63 bytes
                assert len(field["name"].encode()) <= 63


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_every_example_has_grades_indicators_and_counts(root) -> None:
    assert list(main_tables(root)) == ["entries", "grades", "indicators", "counts"]


def test_a_report_of_printed_counts_only_gets_the_counts_table() -> None:
    # 長与町's project evaluation prints how many projects got each grade, and nothing else:
    # no empty progress table to download, one row per printed count.
    tables = main_tables(REPO / "tests/records/nagayo-jimujigyo-hyoka")
    assert list(tables) == ["counts"]
    counts = tables["counts"]
    first = dict(zip(counts.header, counts.rows[0], strict=True))
    assert first["評価"] == "拡充"
    assert first["件数"] == "30"
    assert first["割合"] == "20.3"
    assert first["年度（和暦表記）"] == "平成30年度"
    assert first["尺度の名称"] == "事業実施状況"
    assert len(counts.rows) == sum(
        1
        for line in (REPO / "tests/records/nagayo-jimujigyo-hyoka/data/grade-counts.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
        if line
    )


def test_a_report_of_indicators_only_has_no_empty_progress_table() -> None:
    tables = main_tables(REPO / "tests/records/fukuoka-shogai-seika-shihyo")
    assert list(tables) == ["indicators"]
    values = column(tables["indicators"], "目標値（文字）")
    assert values  # rows are there
    assert "45.0" in column(tables["indicators"], "目標値")  # printed digits kept
