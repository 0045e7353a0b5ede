"""The portal's own entry for the release's licence, read from its `license_list`.

Japanese portals configure a licence list with "CC BY 4.0" (e.g. id `CC-BY-4.0`, title
「クリエイティブ・コモンズ 表示 4.0 国際」); CKAN's default list has only the unversioned
`cc-by`. The versioned entry is preferred so that a visitor sees "4.0"; the default entry is
the fallback, and the notes always state the licence with its version.
"""

from __future__ import annotations

import re
from typing import Any

CC_BY_4 = "creativecommons.org/licenses/by/4.0"
_OTHER_TERMS = re.compile(
    r"(継承|非営利|改変禁止|\bSA\b|\bNC\b|\bND\b|share|non-?commercial|no ?deriv)", re.I
)
_ATTRIBUTION = re.compile(r"(表示|attribution|cc[- ]?by)", re.I)


def normalised_url(url: str) -> str:
    text = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    text = re.sub(r"/(deed\.[a-z-]+|legalcode(\.[a-z-]+)?)$", "", text)
    return text.rstrip("/")


def portal_licence(licences: list[dict[str, Any]], iri: str) -> str:
    """The id of the portal's entry for `iri`: by its URL, then (for CC BY 4.0) by its id
    or a title naming the version; else CKAN's default `cc-by`; else the IRI itself."""
    wanted = normalised_url(iri)
    for licence in licences:
        if licence.get("url") and normalised_url(str(licence["url"])) == wanted:
            return str(licence["id"])
    if wanted != CC_BY_4:
        return iri
    for licence in licences:
        ident = str(licence.get("id", "")).lower().replace("_", "-")
        if ident in ("cc-by-4.0", "cc-by-4", "ccby4.0", "cc-by4.0"):
            return str(licence["id"])
    for licence in licences:
        title = str(licence.get("title", ""))
        if "4.0" in title and _ATTRIBUTION.search(title) and not _OTHER_TERMS.search(title):
            return str(licence["id"])
    ids = {str(licence.get("id")) for licence in licences}
    return "cc-by" if "cc-by" in ids else iri
