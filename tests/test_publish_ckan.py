"""`plan-progress publish` against a real CKAN 2.11 started for this test session.

Tests run in file order and share one portal: first publication, what a visitor sees,
idempotency, a one-file change, a half-way failure completed by the next run, then the
failure cases (each leaves the portal as it was).
"""

from __future__ import annotations

import hashlib
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

import ckan_local
from conftest import copy_package, edit_descriptor
from plan_progress.cli.main import main

ORG = "shimotsuke"
NAME = "shimotsuke-chiiki-fukushi-2-progress"
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
    finally:
        ckan_local.stop()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_package(tmp_path_factory.mktemp("publish") / "pkg")
    assert main(["release", str(root)]) == 0
    return root


def publish(
    root: Path, portal: Portal, *args: str, token: str | None = "editor", org: str = ORG
) -> subprocess.CompletedProcess[str]:
    """The command as an operator runs it; its output must never contain a token."""
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    value = {"editor": portal.editor_token, "outsider": portal.outsider_token}.get(
        token or "", token
    )
    if value:
        env[TOKEN_ENV] = value
        TOKENS_SEEN.append(value)
    command = [sys.executable, "-m", "plan_progress", "publish", str(root), "--lang", "en"]
    command += ["--portal", portal.ckan.url, "--org", org, *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    for secret in TOKENS_SEEN:
        assert secret not in result.stdout + result.stderr
    return result


def visitor_view(portal: Portal, name: str = NAME) -> dict:
    return portal.ckan.client().action.package_show(id=name)


def resource_for(package: dict, path: str) -> dict:
    return next(r for r in package["resources"] if r.get("plan_progress_path") == path)


def dist_files(root: Path) -> dict[str, bytes]:
    dist = root / "dist"
    sums = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    paths = [line.split("  ", 1)[1] for line in sums]
    skip = {"catalog.ttl", "catalog.jsonld", "opendata-list.csv"}
    return {p: (dist / p).read_bytes() for p in paths if p not in skip}


def test_dry_run_prints_the_plan_and_changes_nothing(portal: Portal, package: Path) -> None:
    result = publish(package, portal, "--dry-run")
    assert result.returncode == 0, result.stderr
    # one dataset to create, then one resource per published file
    assert f"plan (dry run, nothing changed): {len(dist_files(package)) + 1}" in result.stdout
    assert f"create-dataset {NAME}" in result.stdout
    assert "create-resource data/generated/progress-flat.csv" in result.stdout
    with pytest.raises(ckanapi.NotFound):
        visitor_view(portal)


def test_first_publication_creates_dataset_and_verifies_downloads(
    portal: Portal, package: Path
) -> None:
    result = publish(package, portal)
    assert result.returncode == 0, result.stderr
    files = len(dist_files(package))
    assert f"changes applied: {files + 1}" in result.stdout
    assert f"verified: SHA-256 of {files} downloads match" in result.stdout


def test_a_visitor_sees_the_dataset_in_japanese(portal: Portal, package: Path) -> None:
    dataset = visitor_view(portal)
    assert (
        dataset["title"] == "下野市 第２期地域福祉計画・地域福祉活動計画 事業進捗のまとめ(確定版)"
    )
    assert dataset["notes"].startswith("下野市と下野市社会福祉協議会の「第２期計画")
    assert dataset["license_id"] == "cc-by"
    assert dataset["version"] == "0.1.0"
    assert dataset["organization"]["name"] == ORG
    assert {"下野市", "地域福祉計画", "社会福祉協議会"} <= {t["name"] for t in dataset["tags"]}
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert extras["municipality_code"] == "092169"
    assert extras["source"] == "第２期計画 事業進捗のまとめ(確定版)"
    assert extras["temporal_end"] == "2022-03-31"
    assert "temporal_start" not in extras  # unknown, so not stated
    page = requests.get(f"{portal.ckan.url}/dataset/{NAME}", timeout=30)
    assert page.status_code == 200 and dataset["title"] in page.text


def test_resources_download_byte_identical(portal: Portal, package: Path) -> None:
    dataset = visitor_view(portal)
    files = dist_files(package)
    resources = dataset["resources"]
    assert len(resources) == len(files) > 40
    assert [r["plan_progress_path"] for r in resources[:2]] == [
        "data/generated/progress-flat-excel.csv",
        "data/generated/progress-flat.csv",
    ]
    flat = resource_for(dataset, "data/generated/progress-flat.csv")
    assert flat["name"] == "進捗一覧（フラット表）"
    assert flat["format"] == "CSV"
    for resource in resources:
        data = files[resource["plan_progress_path"]]
        download = requests.get(resource["url"], timeout=30)  # anonymously, as a visitor
        assert download.status_code == 200
        assert download.content == data, resource["plan_progress_path"]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert int(resource["size"]) == len(data)


def test_second_run_changes_nothing(portal: Portal, package: Path) -> None:
    before = visitor_view(portal)
    result = publish(package, portal)
    assert result.returncode == 0, result.stderr
    assert "no changes" in result.stdout
    assert visitor_view(portal) == before
    dry = publish(package, portal, "--dry-run")
    assert "no changes" in dry.stdout


def test_changing_one_file_updates_only_that_resource(portal: Portal, package: Path) -> None:
    before = visitor_view(portal)
    edit_descriptor(package, {"homepage": "https://example.org/plan-progress"})
    assert main(["release", str(package)]) == 0
    dry = publish(package, portal, "--dry-run")
    assert "plan (dry run, nothing changed): 1" in dry.stdout
    assert "upload-resource datapackage.json" in dry.stdout
    result = publish(package, portal)
    assert result.returncode == 0, result.stderr
    assert "changes applied: 1" in result.stdout
    after = visitor_view(portal)
    changed = [
        r["plan_progress_path"]
        for r, old in zip(after["resources"], before["resources"], strict=True)
        if r != old
    ]
    assert changed == ["datapackage.json"]
    new = resource_for(after, "datapackage.json")
    assert (
        requests.get(new["url"], timeout=30).content
        == (package / "dist/datapackage.json").read_bytes()
    )
    assert {k: v for k, v in after.items() if k not in ("resources", "metadata_modified")} == {
        k: v for k, v in before.items() if k not in ("resources", "metadata_modified")
    }


def test_a_run_that_failed_half_way_is_completed_by_the_next(
    portal: Portal, tmp_path: Path
) -> None:
    """The portal accepts uploads up to 1 MB (setup.sh); an oversized datapackage.json fails
    after the dataset and the data files were created. The next run, with a normal file,
    creates only what is missing."""
    root = copy_package(tmp_path / "pkg")
    name = "half-way-test"
    edit_descriptor(root, {"name": name, "x-padding": "埋" * 400_000})  # 1.2 MB in UTF-8
    assert main(["release", str(root)]) == 0
    failed = publish(root, portal)
    assert failed.returncode == 1
    assert "[publish.file-too-large]" in failed.stderr
    assert "datapackage.json" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    partial = visitor_view(portal, name)
    created = {r["plan_progress_path"]: r["id"] for r in partial["resources"]}
    files = len(dist_files(root))
    assert 0 < len(created) < files and "datapackage.json" not in created

    edit_descriptor(root, {"x-padding": "埋"})
    assert main(["release", str(root)]) == 0
    done = publish(root, portal)
    assert done.returncode == 0, done.stderr
    assert f"verified: SHA-256 of {files} downloads match" in done.stdout
    final = visitor_view(portal, name)
    assert len(final["resources"]) == files
    ids = {r["plan_progress_path"]: r["id"] for r in final["resources"]}
    assert all(ids[path] == rid for path, rid in created.items())  # kept, not re-created
    assert publish(root, portal).stdout.splitlines()[0].endswith("no changes")


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
