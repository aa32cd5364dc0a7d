"""What makes a URL one NarrativeWatch can reach: fetched pages and webhooks alike."""

from __future__ import annotations

from urllib.parse import urlsplit


def http_url_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) URL with a host, or None: a scheme other than http
    and https, a URL that does not parse ("http://[bad"), no host ("https://")."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        return f"invalid URL ({' '.join(str(exc).split())})"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"'{scheme}'" if scheme else "none"
        return f"unsupported URL scheme {shown} (only http and https)"
    return None if host else "invalid URL (no host)"
