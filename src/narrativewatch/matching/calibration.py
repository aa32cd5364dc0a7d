"""Match thresholds stored with the catalog and the model they were calibrated for.

`benchmarks/calibrate_matching.py --write` records the thresholds it chose, the embedding
model's id and a fingerprint of the catalog's statements in
``catalog/data/calibration.json``. The pipeline uses them only for that model and that
catalog; for anything else it falls back to the embedder's built-in defaults and says so,
because a margin threshold calibrated on one catalog means less on another.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from narrativewatch.catalog.loader import load_catalog
from narrativewatch.matching.embedder import Thresholds
from narrativewatch.model import Narrative

logger = logging.getLogger(__name__)
CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True, slots=True)
class Calibration:
    model_id: str
    catalog_fingerprint: str
    thresholds: Thresholds
    command: str
    calibrated_on: str
    # The first tier (matching/first_tier.py): per language, [lexical scale, static scale,
    # threshold], for the static vectors named by first_tier_model.
    first_tier: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    first_tier_model: str = ""
    # Its USE test, in the languages USE covers: per language [USE scale, threshold], for
    # the USE model named by first_tier_use_model (and the static vectors above).
    first_tier_use: dict[str, tuple[float, float]] = field(default_factory=dict)
    first_tier_use_model: str = ""
    # The narratives the margins were measured against (`index.background_columns`): the
    # catalog of the first calibration, kept by later ones so that a narrative added
    # since moves no other narrative's margins. Empty: every narrative of the catalog.
    background_narratives: tuple[str, ...] = ()
    # catalog_fingerprint of the background narratives alone: while they are unchanged, a
    # catalog with narratives added keeps the thresholds' meaning (see thresholds_for)
    background_fingerprint: str = ""


def catalog_fingerprint(narratives: Sequence[Narrative]) -> str:
    """SHA-256 over every narrative id and statement (variants excluded: analyst feedback
    adds them all the time and they do not move the background the margins are taken on)."""
    digest = hashlib.sha256()
    for narrative in sorted(narratives, key=lambda n: n.id):
        digest.update(narrative.id.encode())
        for statement in narrative.statements:
            digest.update(f"\x00{statement.language}\x00{statement.text}".encode())
    return digest.hexdigest()


def builtin_calibration_path() -> Path:
    return Path(str(resources.files("narrativewatch.catalog") / "data" / CALIBRATION_FILE))


def read_calibration(path: Path | None = None) -> Calibration | None:
    path = path or builtin_calibration_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Calibration(
            model_id=data["model_id"],
            catalog_fingerprint=data["catalog_fingerprint"],
            thresholds=Thresholds(
                suggest=float(data["suggest"]),
                auto=float(data["auto"]),
                relevant=float(data["relevant"]),
            ),
            command=data.get("command", ""),
            calibrated_on=data.get("calibrated_on", ""),
            first_tier={
                language: (float(v[0]), float(v[1]), float(v[2]))
                for language, v in data.get("first_tier", {}).items()
            },
            first_tier_model=data.get("first_tier_model", ""),
            first_tier_use={
                language: (float(v[0]), float(v[1]))
                for language, v in data.get("first_tier_use", {}).items()
            },
            first_tier_use_model=data.get("first_tier_use_model", ""),
            background_narratives=_ids(data.get("background_narratives", [])),
            background_fingerprint=str(data.get("background_fingerprint", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _ids(value: object) -> tuple[str, ...]:
    """A list of narrative ids; anything else makes the file unreadable (ValueError)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("background_narratives must be a list of narrative ids")
    return tuple(value)


def background_fingerprint(narratives: Sequence[Narrative], background: Collection[str]) -> str:
    """`catalog_fingerprint` of the ``background`` narratives among ``narratives``."""
    return catalog_fingerprint([n for n in narratives if n.id in background])


def write_calibration(calibration: Calibration, path: Path | None = None) -> Path:
    path = path or builtin_calibration_path()
    payload = {
        "model_id": calibration.model_id,
        "catalog_fingerprint": calibration.catalog_fingerprint,
        "suggest": calibration.thresholds.suggest,
        "auto": calibration.thresholds.auto,
        "relevant": calibration.thresholds.relevant,
        "command": calibration.command,
        "calibrated_on": calibration.calibrated_on,
        "first_tier": {k: list(v) for k, v in calibration.first_tier.items()},
        "first_tier_model": calibration.first_tier_model,
        "first_tier_use": {k: list(v) for k, v in calibration.first_tier_use.items()},
        "first_tier_use_model": calibration.first_tier_use_model,
        "background_narratives": list(calibration.background_narratives),
        "background_fingerprint": calibration.background_fingerprint,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


def thresholds_for(
    model_id: str, narratives: Sequence[Narrative], default: Thresholds
) -> tuple[Thresholds, str | None]:
    """The stored thresholds when they were calibrated for this model and catalog, else
    ``default`` and a warning saying why."""
    calibration = read_calibration()
    if calibration is None:
        return default, "no stored calibration: using the embedder's default thresholds"
    if calibration.model_id != model_id:
        return default, (
            f"thresholds were calibrated for {calibration.model_id}, not {model_id}: using "
            "the embedder's defaults; run benchmarks/calibrate_matching.py with this "
            "embedder and set suggest_threshold and auto_threshold from its output"
        )
    if calibration.catalog_fingerprint != catalog_fingerprint(narratives):
        background = set(calibration.background_narratives)
        if calibration.background_fingerprint and calibration.background_fingerprint == (
            background_fingerprint(narratives, background)
        ):
            # Only narratives beyond the background were added or changed (an analyst's
            # own, `--catalog`): margins are measured against the unchanged background,
            # so the thresholds mean what they were calibrated to.
            return calibration.thresholds, None
        # Still the best numbers available for this model; the margin is a relative
        # measure and moves little when narratives are added. Say so, once per load.
        return calibration.thresholds, (
            "the catalog differs from the one the thresholds were calibrated on "
            f"({calibration.calibrated_on}); consider re-running "
            "benchmarks/calibrate_matching.py"
        )
    return calibration.thresholds, None


def background_narratives_for(model_id: str) -> tuple[str, ...]:
    """The stored background narratives when the thresholds were calibrated for this model
    (they go together: a margin threshold means what it did only against the same
    background); empty (every narrative) otherwise."""
    calibration = read_calibration()
    if calibration is None or calibration.model_id != model_id:
        return ()
    return calibration.background_narratives


def background_catalog(model_id: str) -> list[Narrative]:
    """The bundled narratives that statistics of "the catalog" are taken over — the
    discovery background's means, the language alignment of `eval narrative-match` — as
    the margins are: the stored background narratives for this model, or every bundled
    narrative without them. A narrative added since then moves none of them."""
    narratives = list(load_catalog())
    wanted = set(background_narratives_for(model_id))
    chosen = [n for n in narratives if n.id in wanted]
    return chosen or narratives


def first_tier_thresholds(
    model_id: str, static_model_id: str
) -> dict[str, tuple[float, float, float]]:
    """The stored first-tier calibration (lexical scale, static scale, threshold per
    language) when it was made for this e5 model and these static vectors; empty (every
    claim goes to e5) otherwise."""
    calibration = read_calibration()
    if (
        calibration is None
        or calibration.model_id != model_id
        or calibration.first_tier_model != static_model_id
    ):
        return {}
    return dict(calibration.first_tier)


def first_tier_use_thresholds(
    model_id: str, static_model_id: str, use_model_id: str
) -> dict[str, tuple[float, float]]:
    """The stored USE test of the first tier (USE scale, threshold per language) when it
    was calibrated with this e5 model, these static vectors and this USE model; empty
    (no USE test) otherwise."""
    calibration = read_calibration()
    if (
        calibration is None
        or calibration.model_id != model_id
        or calibration.first_tier_model != static_model_id
        or calibration.first_tier_use_model != use_model_id
    ):
        return {}
    return dict(calibration.first_tier_use)
