"""`narrativewatch eval surges`: reading the stream, event onsets, alerts and their scores."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from narrativewatch.evaluation import DataError
from narrativewatch.evaluation import surges as evaluation
from narrativewatch.evaluation.surges import (
    Alert,
    NewsItem,
    OnsetRule,
    cluster_alerts,
    evaluate,
    event_episodes,
    read_items,
    score_alerts,
)
from narrativewatch.trends.surges import SurgeConfig

RUWA = (
    Path(__file__).resolve().parents[2] / "shared/datasets/ruwa-ukraine-war-news/RUWA_04.08.23.csv"
)
START = date(2022, 1, 1)
HEADER = ",Unnamed: 0,src,desc,title,ref,Date,Site,Event,KW\n"


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def items_of(
    event: str, offset: int, n: int, outlets: tuple[str, ...] = ("a", "b", "c")
) -> list[NewsItem]:
    return [
        NewsItem(
            line=offset * 1000 + i,
            day=day(offset),
            outlet=outlets[i % len(outlets)],
            event=event,
            text=f"{event} {offset} {i}",
        )
        for i in range(n)
    ]


def test_read_items_reports_bad_rows_by_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "stream.csv"
    path.write_text(
        HEADER
        + '0,1,u1,"A lead,\nover two lines",Title one,[],04/13/2022,bbc.co.uk,sinking,[]\n'
        + "1,2,u2,lead,Title two,[],13/04/2022,bbc.co.uk,sinking,[]\n"
        + "2,3,u3,,,[],04/12/2022,rt.com,sinking,[]\n"
        + "3,4,u4,lead,Title four,[],04/12/2022,rt.com,,[]\n"
        + "4,5,u5,,Title five,[],2022-04-11,tass.com,nuclear,[]\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    items = read_items(path, warn=warnings.append)
    assert [(i.line, i.day, i.outlet, i.event, i.text) for i in items] == [
        (7, date(2022, 4, 11), "tass.com", "nuclear", "Title five"),
        (2, date(2022, 4, 13), "bbc.co.uk", "sinking", "Title one\nA lead, over two lines"),
    ]
    assert warnings == [
        f"{path}:4: date '13/04/2022' is not mm/dd/yyyy or yyyy-mm-dd; skipped",
        f"{path}:5: no title or desc; skipped",
        f"{path}:6: no event label; skipped",
    ]
    assert [i.line for i in read_items(path, since=date(2022, 4, 12), warn=warnings.append)] == [2]


def test_read_items_refuses_a_file_without_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,text,label\n1,hello,x\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column\\(s\\) date, site, event, title, desc"):
        read_items(path)
    with pytest.raises(DataError, match="cannot read"):
        read_items(tmp_path / "absent.csv")


def test_onset_is_the_first_day_reaching_the_share_of_the_peak() -> None:
    stream = [
        *items_of("moskva", 0, 1),  # keyword noise long before
        *items_of("moskva", 30, 4),  # below max(5, 20% of 30)
        *items_of("moskva", 31, 30),
        *items_of("moskva", 32, 7),
        *items_of("moskva", 45, 6),
        *items_of("moskva", 90, 12),
    ]
    (episodes,) = event_episodes(stream)
    assert episodes.first_labelled == day(0)
    assert episodes.onset == day(31)
    assert episodes.threshold == 6.0
    assert episodes.episodes == ((day(31), day(32)), (day(45), day(45)), (day(90), day(90)))
    assert episodes.covers(day(52), window_days=7) and not episodes.covers(day(53), 7)
    # An event too small to reach min_items still has its busiest day as an episode.
    (small,) = event_episodes(items_of("tiny", 3, 2))
    assert small.onset == day(3) and small.threshold == 2


def test_alerts_open_an_episode_and_ignore_one_outlets_bulk() -> None:
    quiet = [item for offset in range(0, 40, 5) for item in items_of("war", offset, 1)]
    surge = items_of("moskva", 40, 9) + items_of("moskva", 41, 9) + items_of("moskva", 75, 9)
    bulk = items_of("grain", 40, 30, outlets=("one",))
    stream = sorted([*quiet, *surge, *bulk], key=lambda i: (i.day, i.line))
    clusters = [{"war": 0, "moskva": 0, "grain": 1}[i.event] for i in stream]
    alerts = cluster_alerts(stream, clusters, SurgeConfig(), episode_gap_days=7)
    # Day 41 continues the episode of day 40; day 75 (a quiet baseline again) opens a new one.
    assert [(a.day, a.cluster, a.event) for a in alerts] == [
        (day(40), 0, "moskva"),
        (day(75), 0, "moskva"),
    ]
    assert alerts[0].documents == 9 and alerts[0].score > SurgeConfig().threshold


def test_scores_count_hits_delays_and_false_alerts() -> None:
    stream = items_of("moskva", 40, 20) + items_of("bucha", 50, 20) + items_of("crimea", 200, 20)
    events = event_episodes(stream)
    alerts = [
        Alert(day(39), 1, 10, 9.0, "moskva"),  # a day before the onset: a hit, delay -1
        Alert(day(52), 2, 10, 9.0, "bucha"),
        Alert(day(120), 3, 10, 9.0, "bucha"),  # far from any bucha episode: false
        Alert(day(125), 4, 10, 9.0, None),  # no label: false
    ]
    metrics = score_alerts(events, alerts, day(30), day(150), OnsetRule())
    rows = {row["event"]: row for row in metrics["events"]}
    assert set(rows) == {"moskva", "bucha"}  # crimea's onset is outside the period
    assert (rows["moskva"]["first_alert"], rows["moskva"]["delay_days"]) == (
        day(39).isoformat(),
        -1,
    )
    assert rows["bucha"]["delay_days"] == 2 and rows["bucha"]["first_item"] == day(50).isoformat()
    assert metrics["detected"] == 2 and metrics["median_delay_days"] == 0.5
    assert metrics["false_alerts"] == 2 and metrics["alerts"] == 4
    assert metrics["false_alerts_per_month"] == pytest.approx(2 / (121 / 30.44), abs=1e-3)


def test_evaluate_with_an_injected_clusterer_finds_clean_events() -> None:
    background = [i for offset in range(0, 120) for i in items_of("war", offset, 2)]
    stream = sorted(
        [*background, *items_of("moskva", 60, 15), *items_of("bucha", 90, 25)],
        key=lambda i: (i.day, i.line),
    )
    by_label = {"war": 0, "moskva": 1, "bucha": 2}

    def cluster(items: object, vectors: object) -> list[int]:
        return [by_label[i.event] for i in stream]

    metrics = evaluate(stream, np.zeros((len(stream), 2), np.float32), cluster)
    assert [(r["event"], r["delay_days"]) for r in metrics["events"]] == [
        ("moskva", 0),
        ("bucha", 0),
    ]
    assert metrics["false_alerts"] == 0 and metrics["scored_from"] == day(28).isoformat()
    with pytest.raises(DataError, match="nothing to score"):
        evaluate(stream, np.zeros((len(stream), 2), np.float32), cluster, score_until=day(10))


@pytest.mark.skipif(not RUWA.exists(), reason="RUWA not in ../shared/datasets")
@pytest.mark.parametrize(
    ("vectors", "similarity", "linkage"),
    [("discover", 0.3, "language"), ("items", 0.87, "average")],
)
def test_eval_command_on_a_ruwa_slice(
    vectors: str,
    similarity: float,
    linkage: str,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser()
    evaluation.configure_parser(parser)
    # Only the sinking of the Moskva, and a short baseline, to keep the slice small (94 items).
    argv = ["--data", str(RUWA), "--events", "sinking", "--since", "2022-03-01"]
    argv += ["--until", "2022-04-16", "--baseline-days", "14", "--vectors", vectors]
    args = parser.parse_args([*argv, "--cache-dir", str(cache_dir), "--json"])
    assert evaluation.main(args) == 0
    metrics = json.loads(capsys.readouterr().out)
    # discover's own linkage and threshold are the defaults for its vectors, never ones
    # tuned on RUWA
    assert metrics["clustering"] == {
        "vectors": vectors,
        "linkage": linkage,
        "similarity": similarity,
        "idle_days": None,
    }
    assert {"events", "detected", "median_delay_days", "false_alerts_per_month"} <= set(metrics)
    (row,) = metrics["events"]
    assert set(row) >= {"event", "first_item", "first_alert", "delay_days"}
    assert row["event"] == "sinking" and row["first_item"] == "2022-04-13"
    assert metrics["detected"] == 1 and row["first_alert"] is not None
    delay = (date.fromisoformat(row["first_alert"]) - date.fromisoformat(row["first_item"])).days
    assert row["delay_days"] == delay and abs(delay) <= 2
    assert metrics["false_alerts_per_month"] >= 0


def test_average_linkage_keeps_a_new_event_out_of_an_old_loose_cluster() -> None:
    # 60 old items around one generic direction (most at cosine 0.9 to it, ~0.8 to each
    # other), then 5 items of a new event, tight among themselves and at cosine 0.9 to the
    # generic direction: close to the old cluster's centroid, far from its members.
    rng = np.random.default_rng(5)
    dim = 64
    generic = np.zeros(dim)
    generic[0] = 1.0

    def around(direction: np.ndarray, spread: float, count: int) -> np.ndarray:
        noise = rng.standard_normal((count, dim))
        noise -= np.outer(noise @ direction, direction)
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        return np.cos(spread) * direction + np.sin(spread) * noise

    # the old cluster's first stories are alike: they seed it, the rest join it
    old = np.vstack([around(generic, np.arccos(0.99), 3), around(generic, np.arccos(0.9), 57)])
    event_direction = around(generic, np.arccos(0.9), 1)[0]
    event = around(event_direction, np.arccos(0.98), 5)
    vectors = np.vstack([old, event]).astype(np.float32)
    items = [
        NewsItem(
            line=i,
            day=date(2022, 3, 1) + timedelta(days=i // 10),
            outlet="o",
            event="",
            text=f"t{i}",
        )
        for i in range(len(vectors))
    ]
    centroid = evaluation.discovery_clusterer(0.87, linkage="centroid")(items, vectors)
    average = evaluation.discovery_clusterer(0.87, linkage="average")(items, vectors)
    assert set(centroid[60:]) == {centroid[0]}  # absorbed by the old cluster
    assert len(set(average[60:])) == 1 and average[60] not in average[:60]
