"""Alerts: rules over narrative episodes, stored with versions, delivered through a durable
outbox to the console, a JSONL file and webhooks (docs/alerts.md).

    config = load_rules(path)                      # or load_rules() for the bundled rules
    run = evaluate_alerts(store, catalog, config, sinks=["webhook:https://…"])
    report = deliver_pending(store, config.webhook)
"""

from __future__ import annotations

from narrativewatch.alerts.delivery import DeliveryReport, deliver_pending
from narrativewatch.alerts.engine import AlertRun, evaluate_alerts
from narrativewatch.alerts.records import Delivery, StoredAlert, alert_versions, latest_alerts
from narrativewatch.alerts.rules import (
    ACTOR_TIERS,
    AlertConfig,
    AlertRule,
    WebhookOptions,
    load_rules,
    parse_rules,
)

__all__ = [
    "ACTOR_TIERS",
    "AlertConfig",
    "AlertRule",
    "AlertRun",
    "Delivery",
    "DeliveryReport",
    "StoredAlert",
    "WebhookOptions",
    "alert_versions",
    "deliver_pending",
    "evaluate_alerts",
    "latest_alerts",
    "load_rules",
    "parse_rules",
]
