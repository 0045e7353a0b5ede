"""The review page over HTTP, served by the real command (`plan-progress review`) on a free
loopback port: CSRF, limits, hostile zips, security headers, visitors kept apart, uploads
deleted, results expiring, several visitors at once, and several worker processes."""

from __future__ import annotations

import concurrent.futures
import io
import re
import stat
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import review_inputs as inputs
from conftest import REPO, run_cli
from review_server import Visitor, gunicorn_server, review_server


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("review") / "store"


@pytest.fixture(scope="module")
def base(store: Path) -> Iterator[str]:
    # A small upload limit, so that the oversize test sends little.
    with review_server(store, {"PP_REVIEW_MAX_UPLOAD": str(2 * 1024 * 1024)}) as url:
        yield url


def test_the_start_page_has_the_form_and_strict_security_headers(base: str) -> None:
    response = requests.get(base, timeout=30)
    assert response.status_code == 200
    assert "入力したデータを確認する" in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.text  # no inline script: only <script src>
    english = requests.get(base + "?lang=en", timeout=30)
    assert '<html lang="en">' in english.text and "Check the data you entered" in english.text


def test_a_post_without_the_csrf_token_is_refused(base: str, uploads: Path) -> None:
    visitor = Visitor(base)
    visitor.token()  # has the cookie, but sends no token
    with inputs.good_workbook(uploads).open("rb") as data:
        response = visitor.session.post(
            base + "review", files={"file": ("a.xlsx", data)}, headers={"Referer": base}
        )
    assert response.status_code == 403
    assert "フォームの有効期限が切れた" in response.text
    # And from another site, even with a token of its own cookie:
    other = requests.post(
        base + "review",
        data={"csrfmiddlewaretoken": "x" * 64},
        headers={"Origin": "http://evil.example"},
        timeout=30,
    )
    assert other.status_code == 403


def test_an_oversize_upload_is_refused_with_413_and_nothing_is_kept(
    base: str, store: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"0" * (3 * 1024 * 1024))
    before = set(store.iterdir()) if store.exists() else set()
    response = Visitor(base).upload(big)
    assert response.status_code == 413
    assert "大きすぎます" in response.text
    assert (set(store.iterdir()) if store.exists() else set()) == before
    # Far past the limit, the server itself stops reading.
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(b"0" * (6 * 1024 * 1024))
    assert Visitor(base).upload(huge).status_code == 413


def test_a_good_workbook_gives_a_valid_result_and_a_package_that_validates(
    base: str, uploads: Path, store: Path, tmp_path: Path
) -> None:
    visitor = Visitor(base)
    result = visitor.session.get(visitor.result_url(visitor.upload(inputs.good_workbook(uploads))))
    assert "問題は見つかりませんでした" in result.text
    assert result.headers["Cache-Control"].startswith("max-age=0")
    link = re.search(r'href="([^"]+/download/package\.zip)"', result.text)
    assert link
    package = visitor.session.get(requests.compat.urljoin(base, link.group(1)))
    assert package.status_code == 200
    assert "plan-progress-092169.zip" in package.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        archive.extractall(tmp_path)
    checked = run_cli("validate", str(tmp_path / "plan-progress-092169"))
    assert checked.returncode == 0, checked.stderr
    # The upload and its scratch files are gone; the results folder is private.
    for folder in store.iterdir():
        assert not (folder / "work").exists()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.stat().st_mode) == 0o700


def test_markup_in_a_cell_is_shown_as_text(base: str, uploads: Path) -> None:
    upload = inputs.edited_workbook(uploads, "required.xlsx", inputs.missing_required_text)
    visitor = Visitor(base)
    page = visitor.session.get(visitor.result_url(visitor.upload(upload))).text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_one_visitor_cannot_read_anothers_results(base: str, uploads: Path) -> None:
    owner, stranger = Visitor(base), Visitor(base)
    url = owner.result_url(owner.upload(inputs.good_workbook(uploads)))
    assert owner.session.get(url).status_code == 200
    for path in ("", "todo", "report.csv", "download/package.zip"):
        assert stranger.session.get(url + path).status_code == 404, path
        assert requests.get(url + path, timeout=30).status_code == 404, path
    assert "見つかりません" in stranger.session.get(url).text
    # A guessed id (of the right form) finds nothing either.
    assert owner.session.get(base + "r/" + "A" * 32 + "/").status_code == 404


def test_site_files_are_found_only_by_the_paths_the_site_has(base: str, uploads: Path) -> None:
    visitor = Visitor(base)
    url = visitor.result_url(visitor.upload(inputs.good_workbook(uploads)))
    page = visitor.session.get(url).text
    report = re.search(r'href="([^"]+/site/reports/[^"]+/index\.html)"', page)
    assert report
    shown = visitor.session.get(requests.compat.urljoin(base, report.group(1)))
    assert shown.status_code == 200 and "下野市" in shown.text
    assert shown.headers["Content-Security-Policy"]
    for bad in ("site/../result.json", "site/%2e%2e/owner", "site/..%2fowner", "site//etc/passwd"):
        assert visitor.session.get(url + bad).status_code == 404, bad


@pytest.mark.parametrize(
    ("make", "rule_text"),
    [
        (lambda folder: inputs.traversal_zip(folder, "../../escaped.csv"), "使えません"),
        (lambda folder: inputs.bomb_zip(folder), "上限を超えています"),
        (lambda folder: inputs.symlink_zip(folder), "シンボリックリンク"),
    ],
    ids=["path-traversal", "zip-bomb", "symlink"],
)
def test_hostile_zips_get_one_message(base: str, tmp_path: Path, make, rule_text: str) -> None:
    visitor = Visitor(base)
    page = visitor.session.get(visitor.result_url(visitor.upload(make(tmp_path)))).text
    assert rule_text in page
    assert not list(REPO.parent.glob("escaped.csv")) and not list(tmp_path.rglob("escaped.csv"))


def test_the_reports_download_as_csv_and_json(base: str, uploads: Path) -> None:
    upload = inputs.edited_workbook(uploads, "digit.xlsx", inputs.wrong_check_digit)
    visitor = Visitor(base)
    url = visitor.result_url(visitor.upload(upload))
    report = visitor.session.get(url + "report.json?lang=en").json()
    assert report["valid"] is False
    (problem,) = report["problems"]
    assert (problem["sheet_or_file"], problem["row"], problem["column"]) == ("plans", 3, "C")
    csv_report = visitor.session.get(url + "report.csv")
    assert csv_report.content.startswith(b"\xef\xbb\xbf")
    assert "code.municipality-check-digit" in csv_report.content.decode("utf-8-sig")
    todo = visitor.session.get(url + "todo").text
    assert "シート「plans」 3行目 C列（全国地方公共団体コード）" in todo


def test_deleting_removes_the_results_at_once(base: str, uploads: Path, store: Path) -> None:
    visitor = Visitor(base)
    url = visitor.result_url(visitor.upload(inputs.good_workbook(uploads)))
    review_id = url.rstrip("/").rsplit("/", 1)[1]
    assert (store / review_id).is_dir()
    token = visitor.token()
    response = visitor.session.post(
        url + "delete", data={"csrfmiddlewaretoken": token}, headers={"Referer": url}
    )
    assert response.status_code == 200 and "削除しました" in response.text
    assert not (store / review_id).exists()
    assert visitor.session.get(url).status_code == 404


def test_several_visitors_at_once_get_their_own_results(base: str, uploads: Path) -> None:
    files = {
        "good": inputs.good_workbook(uploads),
        "digit": inputs.edited_workbook(uploads, "digit.xlsx", inputs.wrong_check_digit),
        "formula": inputs.edited_workbook(uploads, "formula.xlsx", inputs.formula_cell),
    }
    expected = {"good": "問題は見つかりませんでした", "digit": "092168", "formula": "F6"}

    def visit(kind: str) -> tuple[str, str]:
        visitor = Visitor(base)
        page = visitor.session.get(visitor.result_url(visitor.upload(files[kind]))).text
        return kind, page

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(visit, ["good", "digit", "formula"]))
    assert time.monotonic() - started < 120
    for kind, page in results:
        assert expected[kind] in page, kind
        for other in set(expected) - {kind}:
            assert files[other].name not in page, (kind, other)


def test_results_expire_and_their_folder_is_deleted(uploads: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    with review_server(store, {"PP_REVIEW_TTL": "4"}) as url:
        visitor = Visitor(url)
        result = visitor.result_url(visitor.upload(inputs.good_workbook(uploads)))
        review_id = result.rstrip("/").rsplit("/", 1)[1]
        assert visitor.session.get(result).status_code == 200
        assert (store / review_id).is_dir()
        time.sleep(4.5)
        assert visitor.session.get(result).status_code == 404
        assert not (store / review_id).exists()  # swept by that request


def test_a_non_loopback_host_needs_allow_remote_and_gets_a_warning() -> None:
    refused = run_cli("review", "--host", "0.0.0.0")
    assert refused.returncode == 2
    assert "--allow-remote" in refused.stderr
    # 192.0.2.1 is TEST-NET-1, never an address of this machine: the warning is printed,
    # then listening fails, so nothing is ever opened to the network.
    warned = run_cli("review", "--host", "192.0.2.1", "--allow-remote", "--port", "0")
    assert "WARNING" in warned.stderr and "警告" in warned.stderr
    assert warned.returncode == 1


def test_gunicorn_worker_processes_share_the_reviews(uploads: Path, tmp_path: Path) -> None:
    """The intranet set-up of the README: several worker processes, one store. Two visitors
    upload at once; each then reads its results, whichever process answers."""
    files = [
        inputs.good_workbook(uploads),
        inputs.edited_workbook(uploads, "digit.xlsx", inputs.wrong_check_digit),
    ]
    with gunicorn_server(tmp_path / "store", workers=2) as url:
        visitors = [Visitor(url), Visitor(url)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            responses = list(
                pool.map(lambda pair: pair[0].upload(pair[1]), zip(visitors, files, strict=True))
            )
        for visitor, response, marker in zip(
            visitors, responses, ["問題は見つかりませんでした", "092168"], strict=True
        ):
            result = visitor.result_url(response)
            for _ in range(6):
                page = visitor.session.get(result)
                assert page.status_code == 200 and marker in page.text
        # gunicorn passes a chunked body on without a length: refused before it is read.
        chunked = requests.post(
            url + "review",
            data=iter([b"--x\r\n"]),
            headers={"Content-Type": "multipart/form-data; boundary=x"},
            timeout=30,
        )
        assert chunked.status_code == 411 and "大きさが分かりません" in chunked.text
