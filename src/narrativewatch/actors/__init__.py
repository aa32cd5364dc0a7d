"""Canonical actors with aliases in en/ru/uk (the actor registry)."""

from narrativewatch.actors.registry import ActorRegistry, load_registry

__all__ = ["ActorRegistry", "load_registry"]
