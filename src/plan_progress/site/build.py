"""`plan-progress site`: every page and file of the site, made in memory from validated packages,
then written as a whole (a failure leaves the previous site as it was).

Deterministic: the same packages give the same bytes (no dates, sorted everywhere), and every
link is relative, so the site works opened from disk and under any web server path."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Graph

from plan_progress.core import standard
from plan_progress.core.atomic_files import dir_mode
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.version import __version__
from plan_progress.model.report_series import group
from plan_progress.site import history, htaccess, paths, report, resources, standard_docs
from plan_progress.site.sources import CITATION_FILE, SitePackage, load_all
from plan_progress.site.text import both, mark_japanese, split_bilingual, ui
from plan_progress.site.vocabulary import KINDS, vocabulary

MARKER = ".plan-progress-site"
_ASSETS = ("style.css", "search.js")
STANDARD_PAGES = (
    ("vocabulary", "standard/vocabulary.html"),
    ("tables", "standard/tables.html"),
    ("codelists", "standard/codelists.html"),
    ("rules", "standard/rules.html"),
    ("profiles", "standard/profiles.html"),
    ("diff_format", "standard/diff.html"),
)
_RULES_INTRO = (
    "plan-progress validate・build などが報告する規則の一覧です。エラーは「ファイル:行:列: [規則 ID]"
    " メッセージ」の1行で示されます。規則 ID は公開後に意味を変えません。",
    "Every rule plan-progress validate, build and the other commands report. Each problem is one"
    " line: file:row:column: [rule id] message. A rule id never changes meaning.",
)


@dataclass(frozen=True)
class Site:
    files: dict[str, bytes]  # site path (POSIX) -> bytes
    pages: int  # HTML pages for IRIs


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("plan_progress.site", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["mark_ja"] = mark_japanese
    return env


class _Renderer:
    def __init__(self) -> None:
        self.env = _environment()
        self.bilingual = {key: both(key) for key in ui("ja")}

    def page(self, template: str, here: str, lang: str = "ja", **context: Any) -> bytes:
        link: Callable[..., str] = lambda target, anchor=None: paths.href(here, target, anchor)  # noqa: E731
        context.setdefault("t", self.bilingual)
        html = self.env.get_template(template).render(
            lang=lang, link=link, version=__version__, both=self.bilingual, **context
        )
        return html.encode("utf-8")

    def text(self, template: str, **context: Any) -> bytes:
        return self.env.get_template(template).render(**context).encode("utf-8")


def load_packages(directories: Sequence[str]) -> list[SitePackage]:
    """Every package, validated; all problems of all packages at once (file names prefixed
    with the package directory when there are several). See sources.load_all."""
    return load_all(list(directories))


def data_graph(packages: list[SitePackage]) -> resources.DataGraph:
    graph = Graph()
    for package in packages:
        for prefix, namespace in package.graph.namespaces():
            graph.bind(prefix, namespace, override=False)
        for triple in package.graph:
            graph.add(triple)
    labels = {
        profile.namespace + f.property: _pair(f.descriptor.get("title", f.column))
        for package in packages
        for profile in package.profiles
        for f in profile.fields
    }
    try:
        data = resources.DataGraph(graph, labels)
    except paths.UnmappableIri as bad:
        raise InvalidPackage([Problem("site.iri-path", "", params={"iri": str(bad)})]) from bad
    stems: dict[str, str] = {}
    for doc, stem in sorted(data.stems.items()):
        if stem in stems:
            raise InvalidPackage(
                [Problem("site.iri-path", "", params={"iri": f"{doc} = {stems[stem]}"})]
            )
        stems[stem] = doc
    return data


def _pair(title: str) -> tuple[str, str]:
    ja, en = split_bilingual(title)
    return ja, en or ja


def build_site(directories: Sequence[str], site_url: str | None = None) -> Site:
    packages = load_packages(directories)
    data = data_graph(packages)
    render = _Renderer()
    files: dict[str, bytes] = {MARKER: b"plan-progress site\n"}
    for asset in _ASSETS:
        files[f"assets/{asset}"] = (Path(__file__).parent / "static" / asset).read_bytes()
    files[htaccess.SITE_FILE] = render.text("apache.htaccess")
    files[htaccess.W3ID_FILE] = render.text("w3id.htaccess", **htaccess.w3id_rules(site_url))

    pages = resources.resource_pages(data)
    for page in pages:
        here = page.html_path
        files[page.stem + ".ttl"] = page.turtle
        files[page.stem + ".jsonld"] = resources.jsonld_bytes(page.jsonld)
        files[here] = render.page(
            "resource.html",
            here,
            page=page,
            page_title=page.subjects[0].name.text,
            site_name=both("site_name"),
            turtle_href=paths.href(here, page.stem + ".ttl"),
            jsonld_href=paths.href(here, page.stem + ".jsonld"),
        )

    series = [
        members for members in group(packages, lambda p: p.place) if members[0].place is not None
    ]
    plans = {}  # package name -> its plan's history page (ja)
    plan_cards = []
    for members in series:
        for lang in ("ja", "en"):
            for path, (template, view) in history.history_pages(members, data, lang).items():
                files[path] = render.page(
                    template,
                    path,
                    lang,
                    v=view,
                    t=view.t,
                    page_title=(view.label + " " if template == "item.html" else "")
                    + view.title.text,
                    site_name=view.t["site_name"],
                )
        for member in members:
            plans[member.name] = history.plan_page(members[-1], "ja")
        plan_cards.append(_plan_card(members))

    cards = []
    for package in packages:
        for lang in ("ja", "en"):
            here = report.report_path(package, lang)
            plan_page = plans.get(package.name)
            if plan_page is not None and lang == "en":
                plan_page = plan_page.replace("index.html", "index.en.html")
            view = report.report_view(package, data, lang, plan_page)
            files[here] = render.page(
                "report.html",
                here,
                lang,
                v=view,
                t=view.t,
                page_title=view.title.text,
                site_name=view.t["site_name"],
            )
        for path, data_bytes in package.release.items():
            files[report.files_path(package, path)] = data_bytes
        if package.citation is not None:
            files[report.files_path(package, CITATION_FILE)] = package.citation
        cards.append(_card(package))

    standard_links = [(both(key), paths.href("index.html", page)) for key, page in STANDARD_PAGES]
    files["index.html"] = render.page(
        "home.html",
        "index.html",
        reports=cards,
        plans=plan_cards,
        standard_pages=standard_links,
        page_title=both("home"),
        site_name=both("site_name"),
    )
    files.update(_standard(render, packages, data))
    return Site(files=files, pages=len(pages))


def _plan_card(members: list[SitePackage]) -> dict[str, str]:
    """A plan on the home page: its title, municipality and the number of its reports."""
    latest = members[-1]
    plan = latest.plan
    return {
        "title": str(plan.get("title") or latest.name),
        "municipality": str(plan.get("municipalityName", "")),
        "code": str(plan.get("municipalityCode", "")),
        "count": str(len(members)),
        "ja_href": paths.href("index.html", history.plan_page(latest, "ja")),
        "en_href": paths.href("index.html", history.plan_page(latest, "en")),
    }


def _card(package: SitePackage) -> dict[str, str]:
    title_ja, title_en = split_bilingual(str(package.descriptor.get("title", package.name)))
    plan = package.plan
    return {
        "title_ja": title_ja,
        "title_en": title_en,
        "municipality": str(plan.get("municipalityName", "")),
        "code": str(plan.get("municipalityCode", "")),
        "ja_href": paths.href("index.html", report.report_path(package, "ja")),
        "en_href": paths.href("index.html", report.report_path(package, "en")),
    }


def _standard(
    render: _Renderer, packages: list[SitePackage], data: resources.DataGraph
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    root = standard.standard_dir()
    standard_files = []
    for folder in ("schema", "vocab"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not path.is_symlink():
                relative = path.relative_to(root).as_posix()
                files[htaccess.STANDARD_FILES + relative] = path.read_bytes()
                standard_files.append(relative)
    common = {"site_name": both("site_name")}
    vocab = vocabulary()
    pages_here = "standard/index.html"
    files[pages_here] = render.page(
        "standard_index.html",
        pages_here,
        vocab=vocab,
        namespace=standard.VOCAB_NS,
        standard_pages=[(both(k), paths.href(pages_here, p)) for k, p in STANDARD_PAGES],
        files=[(f, paths.href(pages_here, htaccess.STANDARD_FILES + f)) for f in standard_files],
        page_title=both("standard"),
        **common,
    )

    here = paths.VOCABULARY_PAGE
    examples = {t.iri: standard_docs.term_example(data.graph, t) for t in vocab.terms}
    files[here] = render.page(
        "vocabulary.html",
        here,
        vocab=vocab,
        ontology=standard.ONTOLOGY_IRI,
        namespace=standard.VOCAB_NS,
        kinds=[(kind, vocab.by_kind(kind)) for kind, _ in KINDS],
        examples=examples,
        term_href=lambda iri: _term_href(here, iri),
        short=standard_docs.short,
        page_title=both("vocabulary"),
        **common,
    )
    table_docs = standard_docs.tables()
    files["standard/tables.html"] = render.page(
        "tables.html",
        "standard/tables.html",
        tables=table_docs,
        page_title=both("tables"),
        **common,
    )
    files["standard/codelists.html"] = render.page(
        "codelists.html",
        "standard/codelists.html",
        codelists=standard_docs.codelists(table_docs),
        page_title=both("codelists"),
        **common,
    )
    files["standard/rules.html"] = render.page(
        "rules.html",
        "standard/rules.html",
        rules=standard_docs.rules(),
        intro=_RULES_INTRO,
        page_title=both("rules"),
        **common,
    )
    schema = standard.profile_json_schema()
    files["standard/profiles.html"] = render.page(
        "profiles.html",
        "standard/profiles.html",
        schema_text=(
            split_bilingual(schema.get("title", "")),
            split_bilingual(schema.get("description", "")),
        ),
        schema_fields=standard_docs.profile_schema_fields(),
        profiles=standard_docs.profiles(
            [(p.name, profile) for p in packages for profile in p.profiles]
        ),
        page_title=both("profiles"),
        **common,
    )
    diff_schema = standard.diff_json_schema()
    files["standard/diff.html"] = render.page(
        "diff_format.html",
        "standard/diff.html",
        schema_text=(
            split_bilingual(diff_schema.get("title", "")),
            split_bilingual(diff_schema.get("description", "")),
        ),
        parts=standard_docs.diff_schema_parts(),
        page_title=both("diff_format"),
        **common,
    )
    return files


def _term_href(here: str, iri: str) -> str | None:
    target = paths.vocabulary_target(iri)
    return paths.href(here, *target) if target else None


def write_site(out: Path, site: Site) -> Path:
    """Stage the whole site beside `out`, then swap it in. Refuses to replace a directory
    that is not a site this command wrote (it would be deleted)."""
    if out.exists() or out.is_symlink():
        if not out.is_dir() or out.is_symlink():
            raise InvalidPackage([Problem("site.out-not-site", str(out))])
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise InvalidPackage([Problem("site.out-not-site", str(out))])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
        stage.chmod(dir_mode())  # mkdtemp makes it private; a web server must read the site
    except OSError as err:
        raise InvalidPackage(
            [Problem("site.write", str(out), params={"detail": err.strerror or str(err)})]
        ) from err
    old: Path | None = None
    try:
        for relative, data in sorted(site.files.items()):
            path = stage / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            os.replace(out, old / "site")
        os.replace(stage, out)
    except OSError as err:
        if old is not None and not out.exists():
            os.replace(old / "site", out)
        raise InvalidPackage(
            [Problem("site.write", str(out), params={"detail": err.strerror or str(err)})]
        ) from err
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return out
