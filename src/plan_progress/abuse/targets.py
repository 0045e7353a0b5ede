"""Where the attacks may go: a loopback address, unless the operator says otherwise."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class TargetRefused(ValueError):
    """A URL the check will not attack (not http(s), or not loopback without permission)."""


def host_addresses(host: str) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except OSError as err:
        raise TargetRefused(f"cannot resolve {host}: {err.strerror or err}") from None


def checked_url(url: str, allow_remote: bool) -> str:
    """`url` when the check may attack it: http(s), with a host that resolves only to
    loopback addresses, or any host with `allow_remote` (said explicitly by the operator)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(f"not an http(s) URL: {url}")
    if parts.username or parts.password:
        raise TargetRefused("a URL with a user name or password is not attacked")
    if not allow_remote:
        addresses = host_addresses(parts.hostname)
        outside = [a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_loopback]
        if outside or not addresses:
            raise TargetRefused(
                f"{parts.hostname} is not a loopback address ({', '.join(outside)});"
                " add --allow-remote to attack a service you run elsewhere"
            )
    return url
