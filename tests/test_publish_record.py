"""The release as `publish` reads it: the DCAT record mapped to CKAN fields, checked first."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from conftest import REPO, copy_package
from plan_progress.cli.main import main
from plan_progress.core.problems import InvalidPackage
from plan_progress.core.version import __version__
from plan_progress.publish.licences import portal_licence
from plan_progress.publish.record import load_release


@pytest.fixture
def released(tmp_path: Path) -> Path:
    root = copy_package(tmp_path / "pkg")
    assert main(["release", str(root)]) == 0
    return root


def test_dcat_record_maps_to_ckan_fields(released: Path) -> None:
    record = load_release(released / "dist")
    assert record.name == "shimotsuke-chiiki-fukushi-2-progress"
    assert record.license_iri == "https://creativecommons.org/licenses/by/4.0/"
    assert record.dataset["version"] == __version__
    assert record.dataset["author"] == "下野市、下野市社会福祉協議会"
    assert record.dataset["maintainer"] == ""  # not stated in the package
    assert "地域福祉計画" in record.dataset["tags"]
    assert "Open data of the progress" in record.dataset["notes"]
    assert "クリエイティブ・コモンズ 表示 4.0 国際" in record.dataset["notes"]
    # extras under the names a portal shows, Japanese
    assert record.extras["全国地方公共団体コード"] == "092169"
    assert record.extras["対象期間"] == "〜2022-03-31（開始日は不明）"
    assert record.extras["地域（統計LOD の標準地域コード）"] == (
        "http://data.e-stat.go.jp/lod/sac/C09216"
    )
    assert "連絡先" not in record.extras and "更新頻度" not in record.extras
    keys = [r.key.removeprefix(record.name + "_") for r in record.resources]
    assert keys == [
        "workbook",
        "entries-csv",
        "entries-excel-csv",
        "rdf-turtle",
        "rdf-jsonld",
        "rdf-ntriples",
        "datapackage-zip",
        "standard-zip",
    ]
    entries = record.resources[1]
    assert entries.fields["format"] == "CSV" and entries.fields["mimetype"] == "text/csv"
    assert entries.upload_name == "092169_chiiki-fukushi-2_entries.csv"
    assert entries.fields["size"] == len(entries.data)
    # only the main CSVs get a preview, with a Japanese data dictionary
    assert [r.preview is not None for r in record.resources] == [
        False,
        True,
        *[False] * 6,
    ]
    first = entries.preview.fields[0]
    assert first["id"] == first["info"]["label"] == "全国地方公共団体コード"
    assert first["info"]["notes"].startswith("6桁の全国地方公共団体コード。")
    assert "Municipality code" in first["info"]["notes"]
    assert len(entries.preview.records) == 28
    assert entries.preview.records[0]["基本目標番号"] == 1


def test_portal_licence_prefers_the_versioned_entry() -> None:
    cc_by_4 = "https://creativecommons.org/licenses/by/4.0/"
    japanese = json.loads((REPO / "scripts/ckan-local/licenses.json").read_text("utf-8"))
    assert portal_licence(japanese, cc_by_4) == "CC-BY-4.0"
    by_title = [
        {"id": "odc-by-4", "title": "CC BY 4.0（クリエイティブ・コモンズ 表示）", "url": ""}
    ]
    assert portal_licence(by_title, cc_by_4) == "odc-by-4"
    share_alike = [{"id": "x", "title": "CC BY-SA 4.0 表示-継承", "url": ""}]
    assert portal_licence(share_alike, cc_by_4) == cc_by_4  # never a different licence
    ckan_default = [
        {
            "id": "cc-by",
            "title": "Creative Commons Attribution",
            "url": "http://www.opendefinition.org/licenses/cc-by",
        }
    ]
    assert portal_licence(ckan_default, cc_by_4) == "cc-by"


def test_a_damaged_release_is_refused_before_any_network_call(
    released: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (released / "dist/data/plans.csv").write_text("tampered\n", encoding="utf-8")
    with pytest.raises(InvalidPackage) as caught:
        load_release(released / "dist")
    assert caught.value.problems[0].rule == "publish.release-corrupt"
    monkeypatch.setenv("PLAN_PROGRESS_CKAN_TOKEN", "t")
    # Port 9 (discard) on loopback: the damaged release is reported, not a connection error.
    code = main(["publish", str(released), "--portal", "http://127.0.0.1:9", "--org", "x"])
    assert code == 1
    assert "[publish.release-corrupt]" in capsys.readouterr().err


def test_usage_errors_exit_2(released: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAN_PROGRESS_CKAN_TOKEN", raising=False)
    monkeypatch.delenv("PLAN_PROGRESS_CKAN_ORG", raising=False)
    base = ["publish", str(released), "--portal", "http://127.0.0.1:9"]
    assert main([*base, "--org", "x"]) == 2  # no token
    assert main(base) == 2  # no organisation
    with pytest.raises(SystemExit) as caught:
        main(["publish", str(released)])  # no --portal
    assert caught.value.code == 2


@pytest.mark.parametrize("how", ["dotdot", "symlink"])
def test_a_release_cannot_point_outside_dist(released: Path, tmp_path: Path, how: str) -> None:
    """SHA256SUMS naming a file outside dist/ (by .. or through a link) is refused: publish
    never uploads a file from elsewhere on the machine."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the portal\n", encoding="utf-8")
    dist = released / "dist"
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    if how == "dotdot":
        name = os.path.relpath(secret, dist)
    else:
        (dist / "main" / "link.txt").symlink_to(secret)
        name = "main/link.txt"
    with (dist / "SHA256SUMS").open("a", encoding="utf-8") as f:
        f.write(f"{digest}  {name}\n")
    with pytest.raises(InvalidPackage) as caught:
        load_release(dist)
    problem = caught.value.problems[0]
    # The shared confinement rule (core.paths) says which way the path leaves dist/.
    assert problem.rule == {"dotdot": "path.outside-package", "symlink": "path.link-outside"}[how]
    assert problem.file.endswith("SHA256SUMS") and "not for the portal" not in problem.as_line("ja")
