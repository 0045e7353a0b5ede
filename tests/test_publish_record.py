"""The release as `publish` reads it: the DCAT record mapped to CKAN fields, checked first."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_package
from plan_progress.cli.main import main
from plan_progress.core.problems import InvalidPackage
from plan_progress.core.version import __version__
from plan_progress.publish.record import load_release


@pytest.fixture
def released(tmp_path: Path) -> Path:
    root = copy_package(tmp_path / "pkg")
    assert main(["release", str(root)]) == 0
    return root


def test_dcat_record_maps_to_ckan_fields(released: Path) -> None:
    record = load_release(released / "dist")
    assert record.name == "shimotsuke-chiiki-fukushi-2-progress"
    assert record.dataset["license_id"] == "cc-by"
    assert record.dataset["version"] == __version__
    assert "地域福祉計画" in record.dataset["tags"]
    assert record.dataset["notes"].split("\n\n")[1].startswith("Open data of the progress")
    assert record.extras["municipality_code"] == "092169"
    assert record.extras["temporal_end"] == "2022-03-31"
    assert "temporal_start" not in record.extras
    published = {
        p.relative_to(released / "dist").as_posix()
        for p in (released / "dist").rglob("*")
        if p.is_file()
    }
    catalogue_only = {"SHA256SUMS", "catalog.ttl", "catalog.jsonld", "opendata-list.csv"}
    assert {r.path for r in record.resources} == published - catalogue_only
    assert len(record.resources) > 40
    flat = next(r for r in record.resources if r.path == "data/generated/progress-flat.csv")
    assert flat.fields["format"] == "CSV" and flat.fields["mimetype"] == "text/csv"
    assert flat.fields["size"] == flat.file.stat().st_size


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
