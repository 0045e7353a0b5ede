"""`plan-progress publish` against a real CKAN 2.11 started for this test session.

Tests run in file order and share one portal: first publication, what a visitor sees,
idempotency, a one-file change, a half-way failure completed by the next run, then the
failure cases (each leaves the portal as it was).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ckanapi
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

import ckan_local
from browser import chromium, screenshot
from conftest import REPO, copy_package, edit_descriptor
from plan_progress.cli.main import main
from plan_progress.core.version import __version__
from plan_progress.release.catalog import SPDX
from system_tools import artifact_path

ORG = "shimotsuke"
NAME = "shimotsuke-chiiki-fukushi-2-progress"
KAKUU = REPO / "examples" / "kakuu-shi-chiiki-fukushi"
KAKUU_NAME = "example-kakuu-shi-chiiki-fukushi-3"
RECORDS = REPO / "tests" / "records"
SASEBO = [RECORDS / f"sasebo-chiiki-fukushi-toshin-{year}" for year in ("h26", "h27")]
SASEBO_NAMES = [f"record-sasebo-chiiki-fukushi-toshin-{year}" for year in ("h26", "h27")]
SERIES_IRI = "https://w3id.org/plan-progress/id/422029/plan/chiiki-fukushi-2/series"
MARKER = "plan_progress_file"
# The Shimotsuke release's files on the portal, in order (ファイル_ID = NAME + "_" + key).
KEYS = [
    "workbook",
    "entries-csv",
    "entries-excel-csv",
    "rdf-turtle",
    "rdf-jsonld",
    "rdf-ntriples",
    "datapackage-zip",
    "standard-zip",
]
DCAT_REQUIREMENT = "ckanext-dcat>=2.4,<3"
COPY_KEYS = ("catalog-ttl", "catalog-jsonld", "opendata-list", "sha256sums")
TIMINGS: dict[str, float] = {}
SCREENSHOTS: list[Path] = []
TOKEN_ENV = "PLAN_PROGRESS_CKAN_TOKEN"
TOKENS_SEEN: list[str] = []


@dataclass(frozen=True)
class Portal:
    ckan: ckan_local.LocalCkan
    editor_token: str = field(repr=False)  # kept out of assertion messages
    outsider_token: str = field(repr=False)


@pytest.fixture(scope="session")
def portal(request: pytest.FixtureRequest) -> Iterator[Portal]:
    try:
        ckan = ckan_local.start()
    except Exception as err:  # never skip: a CKAN that cannot start is a failure
        ckan_local.stop()
        pytest.fail(f"could not start the local CKAN: {err}")
    # The setup time belongs in every CI log (the README quotes it), not only on failure.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nlocal CKAN up in {ckan.setup_seconds:.1f}s:\n{ckan.setup_log}", flush=True)
    try:
        admin = ckan.admin
        admin.action.organization_create(name=ORG, title="下野市")
        admin.action.organization_create(name="other-org", title="Another organisation")
        for user in ("city-editor", "outsider"):
            admin.action.user_create(
                name=user, email=f"{user}@example.org", password="Passw0rd-for-tests"
            )
        admin.action.organization_member_create(id=ORG, username="city-editor", role="editor")
        editor = admin.action.api_token_create(user="city-editor", name="publish")["token"]
        outsider = admin.action.api_token_create(user="outsider", name="publish")["token"]
        TOKENS_SEEN.extend([editor, outsider, ckan.sysadmin_token])
        yield Portal(ckan, editor, outsider)
        with capture.global_and_fixture_disabled():
            timings = ", ".join(f"{k} {v:.1f}s" for k, v in TIMINGS.items())
            print(f"\nlocal CKAN: set-up {ckan.setup_seconds:.1f}s, {timings}", flush=True)
            for path in SCREENSHOTS:
                print(f"screenshot: {path}", flush=True)
    finally:
        ckan_local.stop()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_package(tmp_path_factory.mktemp("publish") / "pkg")
    assert main(["release", str(root)]) == 0
    return root


def publish(
    root: Path | list[Path],
    portal: Portal,
    *args: str,
    token: str | None = "editor",
    org: str = ORG,
) -> subprocess.CompletedProcess[str]:
    """The command as an operator runs it; its output must never contain a token."""
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    value = {"editor": portal.editor_token, "outsider": portal.outsider_token}.get(
        token or "", token
    )
    if value:
        env[TOKEN_ENV] = value
        TOKENS_SEEN.append(value)
    roots = [str(r) for r in root] if isinstance(root, list) else [str(root)]
    command = [sys.executable, "-m", "plan_progress", "publish", *roots, "--lang", "en"]
    command += ["--portal", portal.ckan.url, "--org", org, *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    for secret in TOKENS_SEEN:
        assert secret not in result.stdout + result.stderr
    return result


def visitor_view(portal: Portal, name: str = NAME) -> dict:
    return portal.ckan.client().action.package_show(id=name)


def resource_for(package: dict, key: str) -> dict:
    return next(r for r in package["resources"] if r.get(MARKER) == f"{package['name']}_{key}")


def dist_files(root: Path) -> dict[str, bytes]:
    """Every file of dist/ (path -> bytes)."""
    dist = root / "dist"
    return {p.relative_to(dist).as_posix(): p.read_bytes() for p in dist.rglob("*") if p.is_file()}


def copies_of(root: Path, portal: Portal) -> Path:
    return root / "published" / portal.ckan.url.removeprefix("http://").replace(":", "_")


def test_dry_run_prints_the_plan_and_changes_nothing(portal: Portal, package: Path) -> None:
    result = publish(package, portal, "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    planned = [line.strip() for line in lines if line.startswith("  ")]
    assert f"plan (dry run, nothing changed): {len(planned)}" in result.stdout
    assert planned[0] == f"create-dataset {NAME}"
    assert [p.split()[1].removeprefix(NAME + "_") for p in planned[1 : len(KEYS) + 1]] == KEYS
    assert f"datastore {NAME}_entries-csv" in planned and f"view {NAME}_entries-csv" in planned
    assert f"create-resource {NAME}_catalog-ttl" in planned
    with pytest.raises(ckanapi.NotFound):
        visitor_view(portal)
    assert not (package / "published").exists()


def test_first_publication_creates_dataset_and_verifies_downloads(
    portal: Portal, package: Path
) -> None:
    before = dist_files(package)
    started = time.monotonic()
    result = publish(package, portal)
    TIMINGS["first publish"] = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    # dataset, 8 files, preview (datastore and view), 4 catalogue copies, no reorder needed
    assert "changes applied: 15" in result.stdout
    assert "verified: SHA-256 of 12 downloads match" in result.stdout
    assert dist_files(package) == before  # dist/ stays as released: reproducible


def test_a_visitor_sees_the_dataset_in_japanese(portal: Portal, package: Path) -> None:
    dataset = visitor_view(portal)
    assert (
        dataset["title"] == "下野市 第２期地域福祉計画・地域福祉活動計画 事業進捗のまとめ(確定版)"
    )
    assert dataset["notes"].startswith("下野市と下野市社会福祉協議会の「第２期計画")
    assert "出典：下野市・社会福祉法人下野市社会福祉協議会" in dataset["notes"]
    # the portal's own CC BY 4.0 entry (licenses.json), its version visible
    assert dataset["license_id"] == "CC-BY-4.0"
    assert "4.0" in dataset["license_title"]
    assert dataset["version"] == __version__  # the package's version (set_version.py)
    assert dataset["author"] == "下野市、下野市社会福祉協議会"  # both authors
    assert dataset["maintainer"] == ""  # not stated in the package: not guessed
    assert dataset["organization"]["name"] == ORG
    assert {"下野市", "地域福祉計画", "社会福祉協議会"} <= {t["name"] for t in dataset["tags"]}
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert extras["全国地方公共団体コード"] == "092169"
    assert extras["原資料"] == "第２期計画 事業進捗のまとめ(確定版)"
    assert extras["対象期間"] == "〜2022-03-31（開始日は不明）"  # the start is unknown
    assert extras["地域（統計LOD の標準地域コード）"] == "http://data.e-stat.go.jp/lod/sac/C09216"
    assert extras["言語"] == "日本語"
    assert not any(key.isascii() for key in extras)  # no raw English keys
    assert "連絡先" not in extras and "更新頻度" not in extras  # unknown stays empty
    page = requests.get(f"{portal.ckan.url}/dataset/{NAME}", timeout=30)
    assert page.status_code == 200 and dataset["title"] in page.text


def test_resources_in_the_order_people_need_them(portal: Portal, package: Path) -> None:
    dataset = visitor_view(portal)
    keys = [r[MARKER].removeprefix(NAME + "_") for r in dataset["resources"]]
    assert keys == [*KEYS, "catalog-ttl", "catalog-jsonld", "opendata-list", "sha256sums"]
    names = [r["name"] for r in dataset["resources"][:3]]
    assert names == [
        "進捗状況の一覧（Excel ファイル）",
        "進捗状況の一覧（CSV）",
        "進捗状況の一覧（Excel で開く CSV）",
    ]
    for resource in dataset["resources"]:
        description = resource["description"]
        for jargon in ("BOM", "CRLF", "plan-progress build", "フラット表"):
            assert jargon not in description, (resource["name"], jargon)
        # no header-only table: every CSV has data rows
        if resource["format"] == "CSV":
            assert requests.get(resource["url"], timeout=30).content.count(b"\n") > 2


def test_resources_download_byte_identical(portal: Portal, package: Path) -> None:
    dataset = visitor_view(portal)
    files = dist_files(package)
    copies = copies_of(package, portal)
    catalog = Graph().parse(package / "dist/catalog.ttl", format="turtle")
    paths = {
        str(catalog.value(d, DCTERMS.identifier)): str(catalog.value(d, SPDX.fileName))
        for d in catalog.subjects(RDF.type, DCAT.Distribution)
    }
    for resource in dataset["resources"]:
        key = resource[MARKER]
        data = (
            files[paths[key]]
            if key in paths
            else (copies / resource["url"].rsplit("/", 1)[1]).read_bytes()
        )
        download = requests.get(resource["url"], timeout=30)  # anonymously, as a visitor
        assert download.status_code == 200
        assert download.content == data, key
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert int(resource["size"]) == len(data)


def test_each_main_table_previews_with_a_japanese_data_dictionary(
    portal: Portal, package: Path
) -> None:
    entries = resource_for(visitor_view(portal), "entries-csv")
    assert entries["datastore_active"] is True
    found = portal.ckan.client().action.datastore_search(resource_id=entries["id"], limit=100)
    fields = {f["id"]: f for f in found["fields"]}
    assert list(fields)[1:4] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    info = fields["進捗状況"]["info"]
    assert info["label"] == "進捗状況"
    assert info["notes"].startswith("進捗状況。") and "Progress" in info["notes"]
    assert found["total"] == 28
    assert found["records"][0]["全国地方公共団体コード"] == "092169"  # text: the zero kept
    views = portal.ckan.client().action.resource_view_list(id=entries["id"])
    assert [v["view_type"] for v in views] == ["datatables_view"]


def test_the_uploaded_catalogue_and_list_lead_to_every_file(portal: Portal, package: Path) -> None:
    """The loop closed: every distribution of the catalogue on the portal has a download URL
    returning the file whose checksum and size it states; every 一覧 row has the same URL."""
    dataset = visitor_view(portal)
    raw = requests.get(resource_for(dataset, "catalog-ttl")["url"], timeout=30).content
    graph = Graph().parse(data=raw.decode("utf-8"), format="turtle")
    (cat,) = graph.subjects(RDF.type, DCAT.Catalog)
    (ds,) = graph.objects(cat, DCAT.dataset)
    assert graph.value(ds, DCAT.landingPage) == URIRef(f"{portal.ckan.url}/dataset/{NAME}")
    downloads = {}
    for dist in graph.objects(ds, DCAT.distribution):
        url = str(graph.value(dist, DCAT.downloadURL))
        assert url.startswith(portal.ckan.url + "/dataset/")
        assert str(graph.value(dist, DCAT.accessURL)).startswith(
            f"{portal.ckan.url}/dataset/{NAME}/resource/"
        )
        data = requests.get(url, timeout=30).content
        digest = graph.value(graph.value(dist, SPDX.checksum), SPDX.checksumValue)
        assert hashlib.sha256(data).hexdigest() == str(digest)
        assert len(data) == int(graph.value(dist, DCAT.byteSize))
        downloads[str(graph.value(dist, DCTERMS.identifier))] = url
    assert len(downloads) == len(KEYS)
    listed = requests.get(
        resource_for(dataset, "opendata-list")["url"], timeout=30
    ).content.decode()
    rows = list(csv.DictReader(io.StringIO(listed)))
    released = list(
        csv.DictReader(io.StringIO((package / "dist/opendata-list.csv").read_text("utf-8")))
    )
    assert [r["ファイル_ID"] for r in rows] == [r["ファイル_ID"] for r in released]  # stable
    for row in rows:
        assert row["ファイル_ダウンロードURL"] == downloads[row["ファイル_ID"]]
        assert row["ファイル_アクセスURL"].startswith(f"{portal.ckan.url}/dataset/{NAME}/resource/")
        assert row["データセット_URL"] == f"{portal.ckan.url}/dataset/{NAME}"
    # the copies kept beside the package are what the portal serves
    assert (copies_of(package, portal) / "catalog.ttl").read_bytes() == raw
    sums = requests.get(resource_for(dataset, "sha256sums")["url"], timeout=30).content.decode()
    assert f"  {resource_for(dataset, 'catalog-ttl')['url'].rsplit('/', 1)[1]}\n" in sums


def test_pages_in_a_real_browser(portal: Portal, package: Path) -> None:
    """The dataset page and the preview as a visitor sees them (screenshots kept)."""
    dataset = visitor_view(portal)
    entries = resource_for(dataset, "entries-csv")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        page.goto(f"{portal.ckan.url}/dataset/{NAME}")
        items = page.locator(".resource-item .heading").all_inner_texts()
        assert "進捗状況の一覧（Excel ファイル）" in items[0]
        assert "進捗状況の一覧（CSV）" in items[1]
        SCREENSHOTS.append(screenshot(page, "ckan", "dataset-page.png"))
        page.goto(f"{portal.ckan.url}/dataset/{NAME}/resource/{entries['id']}")
        frame = page.frame_locator("iframe").first
        frame.locator("table#dtprv tbody tr").first.wait_for(timeout=30_000)
        headers = frame.locator("table#dtprv thead tr").first.inner_text()
        assert "全国地方公共団体コード" in headers and "進捗状況" in headers
        body = frame.locator("table#dtprv tbody").inner_text()
        assert "092169" in body and "ふれあい交流の促進" in body
        # Japanese is drawn with a CJK font, not as empty boxes: its glyphs have width
        width = frame.locator("table#dtprv tbody tr").first.evaluate(
            "row => { const r = document.createRange(); r.selectNodeContents(row);"
            " return r.getBoundingClientRect().width; }"
        )
        assert width > 200
        SCREENSHOTS.append(screenshot(page, "ckan", "entries-preview.png"))


def test_second_run_changes_nothing(portal: Portal, package: Path) -> None:
    before = visitor_view(portal)
    started = time.monotonic()
    result = publish(package, portal)
    TIMINGS["second publish"] = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "no changes" in result.stdout
    assert visitor_view(portal) == before
    dry = publish(package, portal, "--dry-run")
    assert "no changes" in dry.stdout


def test_changing_one_file_updates_only_what_depends_on_it(portal: Portal, package: Path) -> None:
    before = visitor_view(portal)
    edit_descriptor(package, {"homepage": "https://example.org/plan-progress"})
    assert main(["release", str(package)]) == 0
    dry = publish(package, portal, "--dry-run")
    expected = [
        f"upload-resource {NAME}_datapackage-zip",  # datapackage.json is inside it
        f"upload-resource {NAME}_catalog-ttl",  # the catalogue states the new checksum
        f"upload-resource {NAME}_catalog-jsonld",
        f"upload-resource {NAME}_sha256sums",
    ]
    assert [line.strip() for line in dry.stdout.splitlines() if line.startswith("  ")] == expected
    result = publish(package, portal)
    assert result.returncode == 0, result.stderr
    assert "changes applied: 4" in result.stdout
    after = visitor_view(portal)
    changed = [
        r[MARKER].removeprefix(NAME + "_")
        for r, old in zip(after["resources"], before["resources"], strict=True)
        if r != old
    ]
    assert changed == ["datapackage-zip", "catalog-ttl", "catalog-jsonld", "sha256sums"]
    assert {k: v for k, v in after.items() if k not in ("resources", "metadata_modified")} == {
        k: v for k, v in before.items() if k not in ("resources", "metadata_modified")
    }


def test_earlier_releases_resources_go_and_the_citys_own_stay(
    portal: Portal, package: Path
) -> None:
    """A dataset published by an earlier release (one resource per file, marked by path) is
    updated in place: our old resources are removed, a resource the city added is kept."""
    admin = portal.ckan.admin
    dataset = visitor_view(portal)
    old = admin.action.resource_create(
        package_id=dataset["id"],
        url="http://example.org/old.json",
        name="Table Schema x",
        plan_progress_path="schema/tables/x.json",
    )
    own = admin.action.resource_create(
        package_id=dataset["id"], url="https://example.org/city-notes.pdf", name="市の説明資料"
    )
    result = publish(package, portal)
    assert result.returncode == 0, result.stderr
    assert "delete-resource schema/tables/x.json" in result.stdout
    after = visitor_view(portal)
    ids = [r["id"] for r in after["resources"]]
    assert old["id"] not in ids and ids[-1] == own["id"]  # theirs kept, after ours
    assert publish(package, portal).stdout.splitlines()[0].endswith("no changes")


def test_a_run_that_failed_half_way_is_completed_by_the_next(
    portal: Portal, tmp_path: Path
) -> None:
    """The portal accepts uploads up to 1 MB (setup.sh); a data package archive over that
    fails after the dataset and the first files were created. The next run, with a normal
    package, creates only what is missing."""
    root = copy_package(tmp_path / "pkg")
    name = "half-way-test"
    # varied text (so the ZIP cannot shrink it below the limit)
    padding = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(700_000))
    edit_descriptor(root, {"name": name, "x-padding": padding})
    assert main(["release", str(root)]) == 0
    failed = publish(root, portal)
    assert failed.returncode == 1
    assert "[publish.file-too-large]" in failed.stderr
    assert "datapackage.zip" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    partial = visitor_view(portal, name)
    created = {r[MARKER]: r["id"] for r in partial["resources"]}
    assert 0 < len(created) < len(KEYS) and f"{name}_datapackage-zip" not in created

    edit_descriptor(root, {"x-padding": "埋"})
    assert main(["release", str(root)]) == 0
    done = publish(root, portal)
    assert done.returncode == 0, done.stderr
    assert "verified: SHA-256 of 12 downloads match" in done.stdout
    final = visitor_view(portal, name)
    assert len(final["resources"]) == len(KEYS) + 4
    ids = {r[MARKER]: r["id"] for r in final["resources"]}
    assert all(ids[key] == rid for key, rid in created.items())  # kept, not re-created
    assert publish(root, portal).stdout.splitlines()[0].endswith("no changes")


def test_grades_and_indicators_preview_too(portal: Portal, tmp_path: Path) -> None:
    """The fictional example has grades and indicators, and states every catalogue fact."""
    root = copy_package(tmp_path / "kakuu", KAKUU)
    assert main(["release", str(root)]) == 0
    result = publish(root, portal)
    assert result.returncode == 0, result.stderr
    dataset = visitor_view(portal, KAKUU_NAME)
    keys = [r[MARKER].removeprefix(KAKUU_NAME + "_") for r in dataset["resources"]][:9]
    assert keys == [
        "workbook",
        "entries-csv",
        "grades-csv",
        "indicators-csv",
        "counts-csv",
        "yearly-csv",  # its entries are of two fiscal years: the yearly table too
        "entries-excel-csv",
        "grades-excel-csv",
        "indicators-excel-csv",
    ]
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert extras["更新頻度"] == "毎年" and extras["公開日"] == "2025-04-01"
    assert extras["連絡先メールアドレス"] == "fukushi@example.org"
    assert dataset["maintainer"] == "架空市 健康福祉部 福祉課（例）"
    assert dataset["url"] == "https://example.org/kakuu-shi/fukushi/hyoka-r6.pdf"
    client = portal.ckan.client()
    printed_counts = len((KAKUU / "data/grade-counts.csv").read_text("utf-8").splitlines()) - 1
    for key, rows, column in (
        ("grades-csv", 7, "評価の名称"),
        ("indicators-csv", 8, "実績値"),
        ("counts-csv", printed_counts, "件数"),
    ):
        resource = resource_for(dataset, key)
        found = client.action.datastore_search(resource_id=resource["id"], limit=100)
        assert found["total"] == rows
        assert column in {f["id"] for f in found["fields"]}
    grades = resource_for(dataset, "grades-csv")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        page.goto(f"{portal.ckan.url}/dataset/{KAKUU_NAME}/resource/{grades['id']}")
        frame = page.frame_locator("iframe").first
        frame.locator("table#dtprv tbody tr").first.wait_for(timeout=30_000)
        assert "計画どおり進んでいる" in frame.locator("table#dtprv tbody").inner_text()
        SCREENSHOTS.append(screenshot(page, "ckan", "grades-preview.png"))
    assert publish(root, portal).stdout.splitlines()[0].endswith("no changes")


def test_a_harvester_reads_the_catalogue(portal: Portal, package: Path) -> None:
    """ckanext-dcat's RDFParser (installed on demand into the CKAN virtualenv) reads the
    catalogue on the portal with the portal's own licence list, as a harvester would."""
    venv = portal.ckan.home / "venv"
    installed = subprocess.run(
        [str(venv / "bin/pip"), "install", "-q", DCAT_REQUIREMENT], capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    dataset = visitor_view(portal)
    catalog = requests.get(resource_for(dataset, "catalog-ttl")["url"], timeout=30).content
    path = portal.ckan.home / "harvested-catalog.ttl"
    path.write_bytes(catalog)
    parsed = subprocess.run(
        [
            str(venv / "bin/python"),
            str(Path(__file__).parent / "dcat_parse.py"),
            "ckan.ini",
            str(path),
        ],
        cwd=portal.ckan.home,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert parsed.returncode == 0, parsed.stderr[-3000:]
    (harvested,) = json.loads(parsed.stdout)
    assert harvested["license_id"] == "CC-BY-4.0"  # the portal's own entry
    extras = {e["key"]: e["value"] for e in harvested["extras"]}
    assert extras["temporal_end"] == "2022-03-31" and "temporal_start" not in extras
    assert extras["spatial_uri"] == "http://data.e-stat.go.jp/lod/sac/C09216"
    by_name = {r["name"]: r for r in harvested["resources"]}
    ours = {r["name"]: r for r in dataset["resources"]}
    assert len(by_name) == len(KEYS)
    for name, resource in by_name.items():
        assert resource["url"] == ours[name]["url"]  # the download URL, not empty
        assert resource["hash"] == ours[name]["hash"].removeprefix("sha256:")
        assert int(resource["size"]) == int(ours[name]["size"])


@pytest.fixture(scope="module")
def sasebo(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The two real Sasebo answers (FY2014, FY2015), released together as their plan's series."""
    folder = tmp_path_factory.mktemp("sasebo")
    roots = [copy_package(folder / path.name, path) for path in SASEBO]
    assert main(["release", *map(str, roots)]) == 0
    return roots


def extras_of(dataset: dict) -> dict[str, str]:
    return {e["key"]: e["value"] for e in dataset["extras"]}


def test_a_plans_yearly_reports_link_the_year_before_and_the_series(
    portal: Portal, sasebo: list[Path]
) -> None:
    """Given newest first, the reports are published oldest first; each dataset page links
    the previous year's dataset and the portal's list of the plan's reports."""
    result = publish(list(reversed(sasebo)), portal)
    assert result.returncode == 0, result.stderr
    assert result.stdout.index(f"== {sasebo[0]}") < result.stdout.index(f"== {sasebo[1]}")
    h26, h27 = (visitor_view(portal, name) for name in SASEBO_NAMES)
    prev_url = f"{portal.ckan.url}/dataset/{SASEBO_NAMES[0]}"
    assert extras_of(h27)["前年度の報告"] == prev_url
    assert "前年度の報告" not in extras_of(h26)
    for dataset in (h26, h27):
        extras = extras_of(dataset)
        assert extras["シリーズのIRI"] == SERIES_IRI
        assert extras["シリーズ（年度ごとの報告）"] == (
            "第2期佐世保市地域福祉計画・地域福祉活動計画（年度ごとの報告）"
        )
        assert extras["年度ごとの報告の一覧"].startswith(f"{portal.ckan.url}/dataset/?q=")
    prev_title = "佐世保市 地域福祉計画推進委員会の答申（平成26年度分）"
    assert f"前年度の報告：[{prev_title}]({prev_url})。" in h27["notes"]
    assert "この計画の最初の報告です。" in h26["notes"]
    # the portal's own search for the series IRI is the list of the plan's reports
    found = portal.ckan.client().action.package_search(q=f'"{SERIES_IRI}"')
    assert sorted(d["name"] for d in found["results"]) == SASEBO_NAMES

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        page.goto(f"{portal.ckan.url}/dataset/{SASEBO_NAMES[1]}")
        links = page.get_by_role("link", name=prev_title, exact=True)
        assert links.count() == 2  # in the Japanese and the English paragraph
        link = links.first
        assert link.get_attribute("href") == prev_url
        assert page.get_by_role("link", name="この計画の報告の一覧").is_visible()
        SCREENSHOTS.append(screenshot(page, "ckan", "series-dataset-page.png"))
        notes = artifact_path("screenshots", "ckan", "series-dataset-notes.png")
        page.locator(".notes").first.screenshot(path=str(notes))  # the links, readable
        SCREENSHOTS.append(notes)
        link.click()
        page.wait_for_url(prev_url)
        assert prev_title in page.locator("h1").first.inner_text()
        page.go_back()
        page.get_by_role("link", name="この計画の報告の一覧").click()
        page.wait_for_load_state()
        headings = page.locator(".dataset-item .dataset-heading").all_inner_texts()
        assert len(headings) == 2 and any(prev_title in h for h in headings)
        SCREENSHOTS.append(screenshot(page, "ckan", "series-list.png"))

    again = publish(sasebo, portal)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("no changes") == 2  # converged: nothing to do for either year


def test_a_harvester_reads_a_series_members_catalogue(portal: Portal, sasebo: list[Path]) -> None:
    """The FY2015 catalogue on the portal states the series (DCAT 3) and still reads, with
    ckanext-dcat's parser, as exactly one dataset (the other year is not made a dataset)."""
    dataset = visitor_view(portal, SASEBO_NAMES[1])
    catalog = requests.get(resource_for(dataset, "catalog-ttl")["url"], timeout=30).content
    graph = Graph().parse(data=catalog.decode("utf-8"), format="turtle")
    dcat3 = "http://www.w3.org/ns/dcat#"
    series = URIRef(SERIES_IRI)
    (ds,) = graph.subjects(RDF.type, DCAT.Dataset)
    base = "https://w3id.org/plan-progress/id/422029/plan/chiiki-fukushi-2/report/"
    assert ds == URIRef(base + "toshin-h27/dataset")
    assert graph.value(ds, URIRef(dcat3 + "inSeries")) == series
    assert graph.value(ds, URIRef(dcat3 + "prev")) == URIRef(base + "toshin-h26/dataset")
    assert (series, RDF.type, URIRef(dcat3 + "DatasetSeries")) in graph
    assert graph.value(series, URIRef(dcat3 + "first")) == URIRef(base + "toshin-h26/dataset")
    assert graph.value(series, URIRef(dcat3 + "last")) == ds
    assert graph.value(series, DCTERMS.subject) == URIRef(
        "https://w3id.org/plan-progress/id/422029/plan/chiiki-fukushi-2"
    )
    venv = portal.ckan.home / "venv"
    installed = subprocess.run(
        [str(venv / "bin/pip"), "install", "-q", DCAT_REQUIREMENT], capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    path = portal.ckan.home / "harvested-series-catalog.ttl"
    path.write_bytes(catalog)
    parsed = subprocess.run(
        [
            str(venv / "bin/python"),
            str(Path(__file__).parent / "dcat_parse.py"),
            "ckan.ini",
            str(path),
        ],
        cwd=portal.ckan.home,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert parsed.returncode == 0, parsed.stderr[-3000:]
    (harvested,) = json.loads(parsed.stdout)
    assert harvested["title"] == dataset["title"]
    assert len(harvested["resources"]) == len(
        [r for r in dataset["resources"] if r[MARKER].split("_", 1)[-1] not in COPY_KEYS]
    )


def test_a_year_published_before_the_year_before_gets_its_link_on_the_next_run(
    portal: Portal, tmp_path: Path
) -> None:
    """FY2015 published first says the year before is not on the portal yet; once FY2014 is
    there, the next run adds the link, and the run after changes nothing."""
    roots = []
    for path, year in zip(SASEBO, ("h26", "h27"), strict=True):
        root = copy_package(tmp_path / year, path)
        descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
        extra = {**descriptor["planProgress"], "baseIri": "https://example.org/late/422029/"}
        edit_descriptor(root, {"name": f"late-series-{year}", "planProgress": extra})
        assert main(["build", str(root)]) == 0
        roots.append(root)
    assert main(["release", *map(str, roots)]) == 0
    first = publish(roots[1], portal)
    assert first.returncode == 0, first.stderr
    alone = visitor_view(portal, "late-series-h27")
    assert "（このポータルにはまだありません）" in alone["notes"]
    assert "前年度の報告" not in extras_of(alone)
    assert publish(roots[0], portal).returncode == 0
    dry = publish(roots[1], portal, "--dry-run")
    assert [line.strip() for line in dry.stdout.splitlines() if line.startswith("  ")] == [
        "update-dataset late-series-h27 (notes, extras)"
    ]
    assert publish(roots[1], portal).returncode == 0
    linked = visitor_view(portal, "late-series-h27")
    assert extras_of(linked)["前年度の報告"] == f"{portal.ckan.url}/dataset/late-series-h26"
    assert "まだありません" not in linked["notes"]
    assert publish(roots[1], portal).stdout.splitlines()[0].endswith("no changes")


def test_bad_token(portal: Portal, package: Path) -> None:
    result = publish(package, portal, token="not-a-real-ckan-token")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "[publish.token-invalid]" in result.stderr


def test_missing_token_is_a_usage_error(portal: Portal, package: Path) -> None:
    result = publish(package, portal, token=None)
    assert result.returncode == 2
    assert "[publish.token-missing]" in result.stderr and TOKEN_ENV in result.stderr


def test_user_without_permission(portal: Portal, package: Path) -> None:
    result = publish(package, portal, token="outsider")
    assert result.returncode == 1
    assert "[publish.permission]" in result.stderr and "outsider" in result.stderr


def test_missing_organisation(portal: Portal, package: Path) -> None:
    result = publish(package, portal, org="no-such-org")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "[publish.org-missing]" in result.stderr


def test_name_conflict_with_another_organisation(portal: Portal, tmp_path: Path) -> None:
    portal.ckan.admin.action.package_create(name="taken-name", owner_org="other-org", title="x")
    root = copy_package(tmp_path / "pkg")
    edit_descriptor(root, {"name": "taken-name"})
    assert main(["release", str(root)]) == 0
    before = visitor_view(portal, "taken-name")
    result = publish(root, portal)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "[publish.name-conflict]" in result.stderr
    assert visitor_view(portal, "taken-name") == before


def test_server_error(portal: Portal, package: Path) -> None:
    portal.ckan.pg("stop")  # the database goes away under a running CKAN: HTTP 500
    try:
        result = publish(package, portal)
    finally:
        portal.ckan.pg("start")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "[publish.server-error]" in result.stderr
    assert "HTTP 500" in result.stderr
    portal.ckan.wait_until_up()
    assert publish(package, portal).stdout.splitlines()[0].endswith("no changes")


def test_timeout(portal: Portal, package: Path) -> None:
    pid = portal.ckan.pid("ckan")
    os.kill(pid, signal.SIGSTOP)  # CKAN accepts connections (kernel backlog) but never answers
    started = time.monotonic()
    try:
        result = publish(package, portal, "--timeout", "1")
    finally:
        os.kill(pid, signal.SIGCONT)
    # bounded: 3 attempts of 1 s with 0.5 s and 1 s pauses, plus the interpreter's start
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "[publish.timeout]" in result.stderr


def test_connection_refused(portal: Portal, package: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, TOKEN_ENV: portal.editor_token}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plan_progress",
            "publish",
            str(package),
            "--lang",
            "en",
            "--portal",
            f"http://127.0.0.1:{port}",
            "--org",
            ORG,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "[publish.connection-refused]" in result.stderr
    assert portal.editor_token not in result.stdout + result.stderr


def test_bad_portal_url_is_a_usage_error(portal: Portal, package: Path) -> None:
    env = {**os.environ, TOKEN_ENV: portal.editor_token}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plan_progress",
            "publish",
            str(package),
            "--portal",
            "ftp://x",
            "--org",
            ORG,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "[publish.bad-url]" in result.stderr


def test_no_release_is_reported(portal: Portal, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "pkg")
    result = publish(root, portal)
    assert result.returncode == 1 and "[publish.no-release]" in result.stderr


def test_token_is_never_written(portal: Portal, package: Path) -> None:
    for path in package.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in TOKENS_SEEN:
                assert secret.encode() not in data, path
