"""A real headless Chromium (Debian's `chromium`, fonts-noto-cjk) driven by Playwright, for
the tests that look at a page as its reader would: screenshots kept as artefacts, console
errors collected, and an axe-core accessibility scan injected into the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from system_tools import artifact_path, npm_file, require_commands, require_packages

CHROMIUM = "/usr/bin/chromium"
# The machine's network is closed: without these flags Chromium keeps trying Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_VERSION = "4.10.3"
# WCAG 2.1 A/AA (JIS X 8341-3:2016 follows WCAG 2.0/2.1 AA) plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def ensure_browser() -> None:
    require_commands({"chromium": "chromium"})
    require_packages(
        ["fonts-noto-cjk"], Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    )


@dataclass
class PageLog:
    """What a page said while a test used it: console errors and failed requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched Playwright Browser; closed on exit."""
    from playwright.sync_api import sync_playwright

    ensure_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watch(page: Any) -> PageLog:
    log = PageLog()
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: log.failed_requests.append(r.url))
    return log


def screenshot(page: Any, *name: str, full_page: bool = True) -> Path:
    """Save a PNG under the test artefacts (build/test-artifacts/...) and return its path."""
    path = artifact_path("screenshots", *name)
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_scan(page: Any) -> dict[str, Any]:
    """Run axe-core in the page; return its results (violations with impact and nodes)."""
    page.add_script_tag(path=str(npm_file("axe-core", AXE_VERSION, "axe.min.js")))
    options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return page.evaluate(f"async () => await axe.run(document, {options})")


def axe_scan_under_csp(page: Any) -> dict[str, Any]:
    """axe-core in a page whose Content-Security-Policy forbids inline scripts (so a script
    tag cannot be added): the source is evaluated through the DevTools protocol instead."""
    source = npm_file("axe-core", AXE_VERSION, "axe.min.js").read_text(encoding="utf-8")
    page.evaluate(f"() => {{ {source}\n; window.axe = axe; }}")
    options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return page.evaluate(f"async () => await window.axe.run(document, {options})")


def serious_violations(results: dict[str, Any]) -> list[str]:
    """axe violations of impact serious or critical, one readable line each."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
