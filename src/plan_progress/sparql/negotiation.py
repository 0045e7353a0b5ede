"""HTTP content negotiation: pick the best media type an Accept header allows."""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their quality, most preferred first (RFC 9110 §12.5.1)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        # More specific ranges win ties, then the order written.
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, quality, specificity, position))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(media, quality) for media, quality, _, _ in ranges]


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The first offered type (in server preference) matching the client's best range."""
    for media, quality in parse_accept(header):
        if quality <= 0:
            continue
        for candidate in offered:
            if _matches(media, candidate):
                return candidate
    return None


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return media_type.split("/")[0] == media_range[:-2]
    return media_range == media_type
