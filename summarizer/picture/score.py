"""Score a situation picture against a hand-labelled gold picture (``picture_gold.json``).

* Identity: pairwise over cluster membership. Gold lists every mention (article, name as
  written) in one cluster; a picture entity holds a mention when one of its entries from that
  article carries the name (case, diacritics and dashes aside). Pairs of mentions in one gold
  cluster and one entity are correct, in one entity but not one cluster wrong, the rest missed.
* Timeline: a gold event is found when a timeline entry's evidence overlaps the gold quote in
  the same article. Of the gold pairs whose date ranges do not overlap, the share the picture
  keeps in order (missing events count as not kept), and a Kendall-tau-like
  (concordant - discordant) / pairs over the found ones.
* Conflicts: a gold conflict is found when one picture conflict covers at least two of its
  positions (evidence overlapping each position's quote); picture conflicts matching no gold
  conflict are extra.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..alignment import normalize
from ..errors import InputError
from .model import Entity, SituationPicture, SourceRef
from .refs import short_name

Span = tuple[str, int, int]


class PairScore(BaseModel):
    """Pairwise identity resolution: pairs merged correctly, wrongly, and missed."""

    correct: int
    wrong: int
    missed: int
    precision: float
    recall: float


class PictureScore(BaseModel):
    """How a picture compares with the gold picture."""

    actors: PairScore
    places: PairScore
    people: PairScore
    identity: PairScore
    events_found: int
    events_gold: int
    ordered_pairs: int
    pairs_kept: int
    order_kept: float
    order_tau: float
    conflicts_found: int
    conflicts_gold: int
    conflicts_extra: int
    missed_conflicts: list[str]


def score_picture(picture: SituationPicture, gold_path: Path) -> PictureScore:
    """Compare ``picture`` with the gold picture at ``gold_path``."""
    gold = _load(gold_path)
    texts = {
        k: (gold_path.parent / v).read_text(encoding="utf-8") for k, v in gold["articles"].items()
    }
    files = {Path(v).name: k for k, v in gold["articles"].items()}
    pairs = {
        kind: _pairs(gold[kind], getattr(picture, kind), files)
        for kind in ("actors", "places", "people")
    }
    total = _pair_score(*(sum(p[i] for p in pairs.values()) for i in range(3)))
    order = _timeline(picture, gold["timeline"], texts, files)
    found, extra, missed = _conflicts(picture, gold["conflicts"], texts, files)
    return PictureScore(
        actors=_pair_score(*pairs["actors"]),
        places=_pair_score(*pairs["places"]),
        people=_pair_score(*pairs["people"]),
        identity=total,
        **order,
        conflicts_found=found,
        conflicts_gold=len(gold["conflicts"]),
        conflicts_extra=extra,
        missed_conflicts=missed,
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: not a readable gold picture ({err})") from err
    missing = {"articles", "actors", "places", "people", "timeline", "conflicts"} - set(data)
    if missing:
        raise InputError(f"{path}: gold picture lacks {', '.join(sorted(missing))}")
    return data


def _fold(name: str) -> str:
    return normalize(name)[0]


def _pairs(
    clusters: list[dict[str, Any]], entities: list[Entity], files: dict[str, str]
) -> tuple[int, int, int]:
    holder: dict[tuple[str, str], str] = {}
    for entity in entities:
        for m in entity.mentions:
            article = files.get(short_name(m.article))
            for name in (m.name, *m.aliases):
                holder.setdefault((article or "", _fold(name)), entity.id)
    members: list[tuple[int, str | None]] = []
    for n, cluster in enumerate(clusters):
        for mention in cluster["mentions"]:
            article, name = mention.split(": ", 1)
            members.append((n, holder.get((article, _fold(name)))))
    correct = wrong = missed = 0
    for (gold_a, got_a), (gold_b, got_b) in combinations(members, 2):
        same_gold, same_got = gold_a == gold_b, got_a is not None and got_a == got_b
        correct += same_gold and same_got
        wrong += same_got and not same_gold
        missed += same_gold and not same_got
    return correct, wrong, missed


def _pair_score(correct: int, wrong: int, missed: int) -> PairScore:
    return PairScore(
        correct=correct,
        wrong=wrong,
        missed=missed,
        precision=round(correct / (correct + wrong), 3) if correct + wrong else 1.0,
        recall=round(correct / (correct + missed), 3) if correct + missed else 1.0,
    )


def _span(texts: dict[str, str], article: str, quote: str) -> Span:
    start = texts[article].find(quote)
    if start < 0:
        raise InputError(f"gold quote not in article {article}: {quote!r}")
    return article, start, start + len(quote)


def _covers(refs: list[SourceRef], span: Span, files: dict[str, str]) -> bool:
    article, start, end = span
    return any(
        files.get(short_name(r.article)) == article
        and r.start is not None
        and r.end is not None
        and r.start < end
        and start < r.end
        for r in refs
    )


def _timeline(
    picture: SituationPicture,
    events: list[dict[str, Any]],
    texts: dict[str, str],
    files: dict[str, str],
) -> dict[str, Any]:
    position: list[int | None] = []
    for event in events:
        span = _span(texts, event["article"], event["quote"])
        position.append(
            next(
                (
                    n
                    for n, entry in enumerate(picture.timeline)
                    if _covers([r for a in entry.accounts for r in a.sources], span, files)
                ),
                None,
            )
        )
    ordered = [
        (i, j) if events[i]["to"] < events[j]["from"] else (j, i)
        for i, j in combinations(range(len(events)), 2)
        if events[i]["to"] < events[j]["from"] or events[j]["to"] < events[i]["from"]
    ]
    kept = sum(1 for i, j in ordered if _before(position[i], position[j]))
    found = [(i, j) for i, j in ordered if position[i] is not None and position[j] is not None]
    discordant = sum(1 for i, j in found if not _before(position[i], position[j]))
    return {
        "events_found": sum(p is not None for p in position),
        "events_gold": len(events),
        "ordered_pairs": len(ordered),
        "pairs_kept": kept,
        "order_kept": round(kept / len(ordered), 3) if ordered else 1.0,
        "order_tau": round((len(found) - 2 * discordant) / len(found), 3) if found else 0.0,
    }


def _before(first: int | None, second: int | None) -> bool:
    return first is not None and second is not None and first < second


def _conflicts(
    picture: SituationPicture,
    conflicts: list[dict[str, Any]],
    texts: dict[str, str],
    files: dict[str, str],
) -> tuple[int, int, list[str]]:
    matched: set[str] = set()
    missed: list[str] = []
    for gold in conflicts:
        spans = [_span(texts, p["article"], p["quote"]) for p in gold["positions"]]
        hits = [
            c.id
            for c in picture.conflicts
            if sum(any(_covers(p.sources, s, files) for p in c.positions) for s in spans) >= 2
        ]
        if hits:
            matched.add(hits[0])
        else:
            missed.append(str(gold["label"]))
    found = len(conflicts) - len(missed)
    return found, len(picture.conflicts) - len(matched), missed
