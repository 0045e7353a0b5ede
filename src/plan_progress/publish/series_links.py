"""A report's place in its plan's series, on the portal: links to the previous year's dataset
and to the series.

CKAN (2.11, without extensions) has no dataset series. What it offers, and what this uses:

- the dataset's description (Markdown, shown at the top of the dataset page with working
  links): a paragraph naming the series, linking the previous year's dataset and the list of
  the plan's reports;
- extras (shown under 追加情報, and read by programs through the API): the series' name and
  IRI, the previous year's dataset and the list's address.

The list of the series is the portal's own search for the series IRI, which every member
states in its description: it lists the plan's reports as the portal holds them, without a
page to maintain. (The extras do not serve for it: CKAN indexes an extra under its key's
ASCII letters only, so Japanese keys share one index field.) Not used: package relationships (the dataset page does not show them, and none
of their types means "previous year"); groups (an editor may not create one); a link
resource (it would be taken for a file of the data, and harvested as a distribution).

A link to the previous year's dataset is written only when the portal holds it; publishing
that year later and running again adds the link (the run converges).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from plan_progress.release.series import IN_SERIES, PREV

SERIES_TITLE = "シリーズ（年度ごとの報告）"
SERIES_IRI = "シリーズのIRI"
SERIES_LIST = "年度ごとの報告の一覧"
PREVIOUS = "前年度の報告"
EXTRAS = frozenset({SERIES_TITLE, SERIES_IRI, SERIES_LIST, PREVIOUS})


@dataclass(frozen=True)
class CatalogSeries:
    """The series of a release's dataset, and its previous member, as its catalogue says."""

    iri: str
    title: str
    prev_name: str  # the previous report's dataset name on a portal ("" for the first)
    prev_title: str


def catalog_series(g: Graph, ds: URIRef) -> CatalogSeries | None:
    series = g.value(ds, IN_SERIES)
    if series is None:
        return None
    prev = g.value(ds, PREV)
    return CatalogSeries(
        str(series),
        _ja(g, series),
        str(g.value(prev, DCTERMS.identifier) or "") if prev is not None else "",
        _ja(g, prev) if prev is not None else "",
    )


def _ja(g: Graph, node: object) -> str:
    titles = [t for t in g.objects(node, DCTERMS.title) if isinstance(t, Literal)]  # type: ignore[arg-type]
    ja = [str(t) for t in titles if t.language == "ja"]
    return sorted(ja or [str(t) for t in titles] or [""])[0]


def search_url(portal_url: str, series_iri: str) -> str:
    """The portal's search for the series IRI (a phrase): the plan's reports on the portal."""
    return f"{portal_url}/dataset/?q={quote(chr(34) + series_iri + chr(34), safe='')}"


def series_links(
    place: CatalogSeries, portal_url: str, prev_on_portal: bool
) -> tuple[str, dict[str, str]]:
    """The description's paragraphs (Japanese, then English) and the extras that place a
    dataset in its series on the portal at `portal_url`."""
    listing = search_url(portal_url, place.iri)
    prev_url = f"{portal_url}/dataset/{place.prev_name}" if place.prev_name else ""
    ja = [f"**年度ごとの報告**：この報告は「{place.title}」の一つです。"]
    en = [
        f"**Yearly reports**: this report is one of the series 「{place.title}」 (`{place.iri}`)."
    ]
    if prev_url and prev_on_portal:
        ja.append(f"前年度の報告：[{place.prev_title}]({prev_url})。")
        en.append(f"Previous year's report: [{place.prev_title}]({prev_url}).")
    elif place.prev_name:
        ja.append(f"前年度の報告：{place.prev_title}（このポータルにはまだありません）。")
        en.append(f"Previous year's report: {place.prev_title} (not on this portal yet).")
    else:
        ja.append("この計画の最初の報告です。")
        en.append("It is the plan's first report.")
    ja.append(f"[この計画の報告の一覧]({listing})")
    en.append(f"[All reports on this plan]({listing})")
    extras = {SERIES_TITLE: place.title, SERIES_IRI: place.iri, SERIES_LIST: listing}
    if prev_url and prev_on_portal:
        extras[PREVIOUS] = prev_url
    return " ".join(ja) + "\n\n" + " ".join(en), extras
