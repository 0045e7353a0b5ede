"""`plan-progress site`: what the built site holds, read from its files (the browser tests look at
it in Chromium, the Apache tests ask a real web server for its IRIs)."""

from __future__ import annotations

import csv
import json
import re
from html import unescape
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from conftest import PACKAGES, REPO, package_id
from plan_progress.core.messages import RULES
from plan_progress.core.package import PlanPackage
from plan_progress.core.standard import DATA_IRI_ROOT, codelist, table_schema
from plan_progress.rdf.jsonld_rdf import local_document_loader
from plan_progress.release.bundle import assemble
from plan_progress.site import paths
from plan_progress.site.build import build_site
from plan_progress.site.build import data_graph as data_graph_of
from plan_progress.site.vocabulary import vocabulary
from site_html import JAPANESE, read


def name_of(root: Path) -> str:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["name"]


def rows(root: Path, table: str) -> list[dict[str, str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def report_page(site: Path, root: Path, lang: str) -> Path:
    return site / "reports" / name_of(root) / ("index.html" if lang == "ja" else "index.en.html")


def graph_of(path: Path, fmt: str) -> Graph:
    graph = Graph()
    graph.parse(path, format=fmt)
    return graph


def graph_of_jsonld(document: object) -> Graph:
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": local_document_loader}
    )
    graph = Graph()
    graph.parse(data=nquads, format="nt")
    return graph


@pytest.mark.parametrize("root", PACKAGES, ids=package_id)
def test_every_iri_of_the_data_has_a_page_with_its_turtle_and_jsonld(
    built_site: Path, root: Path
) -> None:
    data = graph_of(root / "data" / "generated" / "report.ttl", "turtle")
    iris = {
        str(node)
        for triple in data
        for node in (triple[0], triple[2])
        if isinstance(node, URIRef) and str(node).startswith(DATA_IRI_ROOT)
    }
    subjects = {str(s) for s in data.subjects() if isinstance(s, URIRef)}
    assert iris and iris <= subjects, "every data IRI the report mentions is described in it"
    for iri in sorted(iris):
        stem = built_site / paths.page_stem(iri)
        html, ttl, jld = (stem.with_name(stem.name + ext) for ext in (".html", ".ttl", ".jsonld"))
        assert html.is_file() and ttl.is_file() and jld.is_file(), iri
        # The page's Turtle holds every statement the data makes about the IRI ...
        own = graph_of(ttl, "turtle")
        assert set(own.triples((URIRef(iri), None, None))) == set(
            data.triples((URIRef(iri), None, None))
        ), iri
        # ... and the JSON-LD beside it and the one embedded in the page say the same.
        assert isomorphic(graph_of_jsonld(json.loads(jld.read_text(encoding="utf-8"))), own)
        (embedded,) = read(html).jsonld()
        assert isomorphic(graph_of_jsonld(embedded), own), iri


def test_the_dataset_iri_and_its_void_partitions_have_a_page(built_site: Path) -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    page = built_site / (paths.page_stem(descriptor["id"]) + ".html")
    found = read(page)
    assert "class-Initiative" in found.ids  # …/chiiki-fukushi-2#class-Initiative lands here
    assert "void:Dataset" in found.text() and "dcat:Dataset" in found.text()


def test_the_same_packages_give_the_same_site_byte_for_byte(built_site: Path) -> None:
    again = build_site([str(p) for p in PACKAGES]).files
    on_disk = {
        p.relative_to(built_site).as_posix(): p.read_bytes()
        for p in built_site.rglob("*")
        if p.is_file()
    }
    assert on_disk == again
    for name, data in again.items():
        if name.endswith((".html", ".ttl", ".jsonld", ".htaccess")):
            # no build date or machine path in any page
            assert b"/tmp/" not in data and str(REPO).encode() not in data, name


def test_every_link_in_the_site_is_relative_or_a_web_address(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        for link in read(page).links:
            assert not link.startswith(("/", "file:", "javascript:")), (page, link)


def test_the_report_page_shows_every_text_as_published(built_site: Path) -> None:
    for lang in ("ja", "en"):
        text = read(report_page(built_site, REPO, lang)).text()
        flat = re.sub(r"\s+", "", text)
        for entry in rows(REPO, "progress-entries"):
            for column in ("progress", "issue"):
                assert re.sub(r"\s+", "", entry[column]) in flat, (lang, entry["entry_id"])
        for row in rows(REPO, "initiatives") + rows(REPO, "basic-goals"):
            assert row["title"] in text


def plain(page: Path) -> str:
    """The page's text without tags (a text split by a language mark reads whole again)."""
    return unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def facts(page: Path) -> dict[str, str]:
    """The page's <dt>/<dd> pairs as text."""
    html = page.read_text(encoding="utf-8")
    found = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, flags=re.S)
    return {
        unescape(re.sub("<[^>]+>", "", dt)): unescape(re.sub("<[^>]+>", "", dd)) for dt, dd in found
    }


def test_the_report_page_states_what_is_known_and_says_unknown_for_the_rest(
    built_site: Path,
) -> None:
    ja = facts(report_page(built_site, REPO, "ja"))
    assert ja["計画期間（開始）"] == "不明"  # the start year is not known: never guessed
    assert ja["計画期間（終了）"] == "令和3年度"
    assert ja["確定した機関"] == "第２期計画推進委員会"
    assert ja["確定日"] == "不明"
    assert ja["原資料"] == "公表日・URL は不明"
    assert ja["全国地方公共団体コード"] == "092169"
    assert ja["策定者"] == "下野市、下野市社会福祉協議会"
    en = facts(report_page(built_site, REPO, "en"))
    assert en["Plan period (Start)"] == "Unknown"
    assert en["Plan period (End)"] == "令和3年度 (FY2021)"
    assert en["Edition"] == "Final"
    text = report_page(built_site, REPO, "en").read_text(encoding="utf-8")
    assert "2017" not in text and "平成29" not in text


@pytest.mark.parametrize("root", PACKAGES, ids=package_id)
def test_in_the_english_page_only_the_source_texts_are_japanese(
    built_site: Path, root: Path
) -> None:
    page = read(report_page(built_site, root, "en"))
    # (<title> cannot mark a language inside it: the report's title stays Japanese there.)
    untagged = [
        text
        for text, lang, tags in page.texts
        if JAPANESE.search(text) and lang != "ja" and tags[-1] != "title"
    ]
    assert untagged == []
    headings = [t for t, _, tags in page.texts if tags and tags[-1] in ("h2", "th", "dt")]
    assert "Progress" in headings and "Issue" in headings and "Downloads" in headings


def test_progress_and_issue_stand_side_by_side_per_actor(built_site: Path) -> None:
    html = report_page(built_site, REPO, "ja").read_text(encoding="utf-8")
    table = html[html.index('id="i-g1-1"') :]
    table = table[table.index("<table") : table.index("</table>")]
    header = table[table.index("<thead>") : table.index("</thead>")]
    assert header.index(">市<") < header.index(">社協<")
    progress_row = table[table.index(">進捗状況<") : table.index(">課題<")]
    entries = {r["entry_id"]: r for r in rows(REPO, "progress-entries")}
    city, council = entries["g1-1-city"]["progress"], entries["g1-1-shakyo"]["progress"]
    assert progress_row.index(city) < progress_row.index(council)


def test_grades_show_their_legend_and_indicators_a_table_and_a_chart(built_site: Path) -> None:
    root = REPO / "examples" / "kakuu-shi-chiiki-fukushi"
    ja = read(report_page(built_site, root, "ja"))
    en = read(report_page(built_site, root, "en"))
    levels = rows(root, "grade-levels")
    for level in levels:
        assert level["title_ja"] in ja.text()
        assert (level["title_en"] or level["title_ja"]) in en.text()
    assert {f"scale-{s['scale_id']}" for s in rows(root, "grade-scales")} <= ja.ids
    for grade in rows(root, "grades"):
        if grade["reason"]:
            assert grade["reason"] in ja.text()
    html = report_page(built_site, root, "ja").read_text(encoding="utf-8")
    for indicator in rows(root, "indicators"):
        block = html[html.index(f'id="ind-{indicator["indicator_id"]}"') :]
        row = block[: block.index("</tr>")]
        assert indicator["title"] in row
        for point in ("baseline", "current", "target"):
            value = indicator[f"{point}_value"]
            status = indicator[f"{point}_status"]
            if value:
                assert f">{value}<" in row.replace(".0<", "<"), (indicator["indicator_id"], point)
            if status:
                title = next(r for r in codelist("value-status") if r["code"] == status)
                assert title["title_ja"] in row
    charts = html.count('<svg class="chart"')
    assert charts == len(rows(root, "indicators"))
    assert html.count("<title id=") == charts  # each chart has its text alternative
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_printed_counts_stand_under_their_scales_legend(built_site: Path) -> None:
    """Each count the report prints (grade-counts) is in its scale's legend: the level, the
    count and the share as printed, the year and what was counted."""
    root = REPO / "examples" / "kakuu-shi-chiiki-fukushi"
    html = report_page(built_site, root, "ja").read_text(encoding="utf-8")
    counts = rows(root, "grade-counts")
    assert counts and any(c["goal_id"] for c in counts)
    goals = {g["goal_id"]: g["title"] for g in rows(root, "basic-goals")}
    plan_title = rows(root, "plans")[0]["title"]
    tables = re.findall(r'<table class="counts">.*?</table>', html, flags=re.S)
    assert tables
    body = "".join(tables)
    cells = [re.sub(r"<[^>]+>", "", row) for row in re.findall(r"<tr>.*?</tr>", body, re.S)]
    for count in counts:
        share = count["share"] or "—"
        found = [
            c
            for c in cells
            if c.replace("\n", "").endswith(f"{count['count']}{share}")
            and c.startswith(count["fiscal_year_label"] or "—")
            and count["code"] in c
            and count["subset"] in c
            and (goals[count["goal_id"]] if count["goal_id"] else plan_title) in c
        ]
        assert found, count
    assert len(cells) == len(counts) + len(tables)  # one header row per table


@pytest.mark.parametrize("root", PACKAGES, ids=package_id)
def test_downloads_are_the_release_files_at_their_release_paths(
    built_site: Path, root: Path
) -> None:
    release = assemble(PlanPackage.open(root))
    page = report_page(built_site, root, "ja")
    links = set(read(page).links)
    for path, data in release.items():
        copy = built_site / "reports" / name_of(root) / "files" / path
        assert copy.read_bytes() == data, path
    for path in release:
        assert f"files/{path}" in links, path


def test_licence_attribution_and_how_to_cite(built_site: Path) -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    ja_attribution, en_attribution = descriptor["planProgress"]["attribution"].split(" / ")
    ja = read(report_page(built_site, REPO, "ja"))
    assert ja_attribution in plain(report_page(built_site, REPO, "ja"))
    assert en_attribution in plain(report_page(built_site, REPO, "en"))
    assert "https://creativecommons.org/licenses/by/4.0/" in ja.links
    assert "files/CITATION.cff" in ja.links
    copy = built_site / "reports" / name_of(REPO) / "files" / "CITATION.cff"
    assert copy.read_bytes() == (REPO / "CITATION.cff").read_bytes()
    assert descriptor["id"] in ja.text()  # the citation names the dataset's IRI


def test_the_vocabulary_page_has_an_anchor_and_both_languages_for_every_term(
    built_site: Path,
) -> None:
    page = read(built_site / paths.VOCABULARY_PAGE)
    text = page.text()
    for term in vocabulary().terms:
        assert term.name in page.ids, term.iri  # ns#Initiative lands on its section
        assert term.label["ja"] in text and term.label["en"] in text
        assert term.comment["ja"] in text and term.comment["en"] in text
    html = (built_site / paths.VOCABULARY_PAGE).read_text(encoding="utf-8")
    section = html[html.index('id="Initiative"') :]
    section = section[: section.index("</article>")]
    assert "Turtle" in section and "JSON-LD" in section and "a pp:Initiative" in section


def test_tables_codelists_rules_and_profiles_are_documented(built_site: Path) -> None:
    tables = read(built_site / "standard" / "tables.html")
    for resource in json.loads((REPO / "schema" / "resources.json").read_text())["resources"]:
        if not (REPO / "schema" / "tables" / f"{resource['name']}.json").is_file():
            continue  # the generated JSON-LD, Turtle, … are files, not tables
        for field in table_schema(resource["name"])["fields"]:
            assert f"{resource['name']}.{field['name']}" in tables.ids
            assert field["title"].split(" / ")[0] in tables.text()
    assert "codelists.html#item-type" in tables.links
    codelists = read(built_site / "standard" / "codelists.html")
    for path in sorted((REPO / "schema" / "codelists").glob("*.csv")):
        assert path.stem in codelists.ids
        for row in codelist(path.stem):
            assert row["title_ja"] in codelists.text() and row["title_en"] in codelists.text()
    rules = read(built_site / "standard" / "rules.html")
    for rule_id, rule in RULES.items():
        assert rule_id in rules.ids
        assert rule.ja.split("{")[0] in rules.text()
    profiles = read(built_site / "standard" / "profiles.html")
    assert "profile-kakuu-shi-budget" in profiles.ids
    assert "kakuu_budget_thousand_yen" in profiles.text()


def test_the_w3id_rules_have_the_form_w3id_org_expects(built_site: Path) -> None:
    rules = (built_site / "w3id" / "plan-progress" / ".htaccess").read_text(encoding="utf-8")
    assert rules.startswith("# Name of the project: plan-progress\n")
    assert "\nRewriteEngine on\n" in rules
    # Without --site-url the target is a placeholder that can never resolve.
    assert "https://site-address.invalid/id/" not in rules
    assert re.search(r"RewriteRule \^\(id/\.\+\)\$ https://site-address\.invalid/\$1\.ttl", rules)


def test_entries_of_several_fiscal_years_stand_in_their_actor_column_in_year_order() -> None:
    """A report may give one entry per fiscal year for an actor (the 0.2 model does): each
    stays in its actor's column, oldest first, with its year; a printed notation is kept."""
    import copy
    import dataclasses

    from plan_progress.site.report import report_view
    from plan_progress.site.sources import load

    package = load(str(REPO))
    document = copy.deepcopy(package.document)
    first = document["entries"][0]  # g1-1, the city
    document["entries"].insert(
        1, {**first, "id": first["id"] + "-r2", "fiscalYear": 2020, "progress": "前年度の記述"}
    )
    first.update(fiscalYear=2021, fiscalYearLabel="令和3年度")
    plan = next(n for n in document["included"] if n.get("type") == "Plan")
    plan["basicGoals"][0]["initiatives"][0]["notation"] = "（１）"
    package = dataclasses.replace(package, document=document)
    data = data_graph_of([package])
    view = report_view(package, data, "ja")
    initiative = view.goal_lists[0].goals[0].initiatives[0]
    assert initiative.label == "（１）"
    city = initiative.cells[0]
    assert [e.progress.text for e in city.entries] == ["前年度の記述", first["progress"]]
    assert [e.year.text for e in city.entries] == ["2020年度", "令和3年度"]
    assert len(initiative.cells[1].entries) == 1 and initiative.cells[1].entries[0].year is None
