"""Alert sinks: where alert versions go. A sink is named by a target string,
``"webhook:URL"`` or ``"jsonl:PATH"``; the console is written by the command directly.

Every sink function sends one delivery or raises SinkError; it never decides about
retries or bookkeeping (narrativewatch.alerts.delivery does). A third-party sink is one
more entry in ``SINKS``.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from narrativewatch import __version__
from narrativewatch.alerts.records import Delivery
from narrativewatch.errors import ConfigError
from narrativewatch.urls import http_url_problem

SinkFunction = Callable[[str, Delivery, float], None]


class SinkError(Exception):
    """One delivery attempt failed; the delivery stays queued."""


def post_webhook(url: str, delivery: Delivery, timeout: float) -> None:
    """POST the delivery as JSON. Only a 2xx answer acknowledges it. The delivery id is
    sent both as the ``Idempotency-Key`` header and in the body, so a receiver can drop a
    repeat (one the sender could not know was received, see docs/alerts.md)."""
    data = json.dumps(delivery.body(), ensure_ascii=False).encode("utf-8")
    try:
        request = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Idempotency-Key": delivery.delivery_id,
                "User-Agent": f"narrativewatch/{__version__}",
            },
        )
        with _OPENER.open(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        raise SinkError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SinkError(f"cannot reach {url}: {reason}") from None
    except ValueError as exc:  # a URL queued before it was checked ("http://[bad")
        raise SinkError(f"invalid URL {url}: {exc}") from None
    if not 200 <= status < 300:
        raise SinkError(f"HTTP {status}")


def append_jsonl(path: str, delivery: Delivery, timeout: float) -> None:
    """Append the delivery as one JSON line, flushed to disk before it counts as done."""
    line = json.dumps(delivery.body(), ensure_ascii=False, sort_keys=True) + "\n"
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise SinkError(f"{path}: {exc.strerror}") from None


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would follow a 301/302/303 with a GET *without the body* and report the
    target's 200: an alert acknowledged but never received. A redirect is a failure here;
    the delivery stays queued until the webhook URL is fixed."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_RefuseRedirects)

SINKS: Mapping[str, SinkFunction] = {"webhook": post_webhook, "jsonl": append_jsonl}


def send(sink: str, delivery: Delivery, timeout: float) -> None:
    """Send one delivery to the sink named by ``sink``. Raises SinkError."""
    kind, _, target = sink.partition(":")
    function = SINKS.get(kind)
    if function is None:
        raise SinkError(f"unknown sink kind {kind!r}")
    function(target, delivery, timeout)


def webhook_sink(url: str) -> str:
    """The sink name of a webhook URL. Raises ConfigError unless it is a usable one."""
    # Checked before anything is queued: a delivery to a URL that can never work would
    # stay queued for good.
    problem = http_url_problem(url)
    if problem:
        raise ConfigError(f"webhook {url!r}: {problem}")
    return f"webhook:{url}"


def jsonl_sink(path: str | Path) -> str:
    """The sink name of a JSONL file (absolute, so later runs from elsewhere find it)."""
    return f"jsonl:{Path(path).expanduser().resolve()}"


def render_alert(payload: Mapping[str, Any], evidence_lines: int = 3) -> str:
    """A few readable lines for the console: severity, narrative, episode, rules, and the
    first pieces of evidence with their documents and offsets."""
    narrative = payload["narrative"]
    episode = payload["episode"]
    title = f" — {narrative['title']}" if narrative.get("title") else ""
    countries = " -> ".join(episode["countries"]) or "unknown"
    lines = [
        f"[{str(payload['severity']).upper()}] {narrative['id']}{title} "
        f"(alert {payload['id']} v{payload['version']})",
        f"  episode {episode['first_day']} .. {episode['last_day']}: "
        f"{_count(episode['stories'], 'story', 'stories')}, "
        f"{_count(len(episode['outlets']), 'outlet')}, countries {countries}, "
        f"{episode['refuting_documents']} refuting",
    ]
    for rule in payload["rules"]:
        lines.append(f"  rule {rule['id']} ({rule['severity']}): {'; '.join(rule['reasons'])}")
    # Voices first (a quoted official promoting it says more than the outlet reporting it).
    ranked = sorted(
        payload["evidence"], key=lambda e: (e["stance"] != "promotes", e["role"] == "outlet")
    )
    for item in ranked[:evidence_lines]:
        who = item["actor_name"] or item["outlet"] or "?"
        level = f", {item['actor_level']}" if item["actor_level"] else ""
        quoted = (item["sentence"] or {}).get("text") or item["text"] or ""
        lines.append(
            f"  evidence doc {item['document_id']} [{item['start']}:{item['end']}] "
            f"{who} ({item['role']}{level}, {item['stance']}): {_short(quoted)}"
        )
    more = int(payload["evidence_total"]) - min(evidence_lines, len(payload["evidence"]))
    if more > 0:
        lines.append(f"  … {more} more pieces of evidence")
    return "\n".join(lines)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
