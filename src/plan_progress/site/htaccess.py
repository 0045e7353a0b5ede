"""Redirect rules for `https://w3id.org/plan-progress/…`, as a file for the w3id.org
repository (`plan-progress/.htaccess`: Apache mod_rewrite, rules relative to that folder), and
the site's own `.htaccess` (media types for the Turtle and JSON-LD files).

Content negotiation: `Accept: text/turtle` gets the Turtle file, `application/ld+json` the
JSON-LD file, anything else (a browser) the HTML page. The rules are the same for every IRI,
so no text from the data is ever written into them; only the site's address is, and that is
checked to be a plain http(s) address first."""

from __future__ import annotations

import re

from plan_progress.site.paths import VOCABULARY_PAGE

W3ID_FILE = "w3id/plan-progress/.htaccess"
SITE_FILE = ".htaccess"
# A placeholder in the reserved `.invalid` domain (RFC 2606): never a real host.
PLACEHOLDER_URL = "https://site-address.invalid/"
_URL = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/%]*)?$")

# The standard's files inside the site (copied from the release's paths).
STANDARD_FILES = "standard/files/"


class BadSiteUrl(ValueError):
    pass


def check_site_url(url: str) -> str:
    """The site's public address, ending in "/"; raises BadSiteUrl for anything else than a
    plain http(s) address (no spaces, quotes or newlines could reach the rules)."""
    if not url.endswith("/"):
        url += "/"
    if not _URL.match(url):
        raise BadSiteUrl(url)
    return url


def w3id_rules(site_url: str | None) -> dict[str, object]:
    """What the w3id template needs: the site's address and the standard's files."""
    return {
        "site": check_site_url(site_url) if site_url else PLACEHOLDER_URL,
        "placeholder": site_url is None,
        "vocabulary_page": VOCABULARY_PAGE,
        "files": STANDARD_FILES,
    }
