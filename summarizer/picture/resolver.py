"""Cluster report entries that denote one party, place or person, deterministically.

Every name an entry carries (name, aliases, a bracketed acronym) yields join keys: the label of a
known alias set, and its folded key unless the name is generic (keys, sets and the identity
decision with its reason all come from ``summarizer.names``; a merge needs a sure identity).
Entries sharing a join key are merged with union-find, so the cost is linear in the number of names
(keys are exact blocking keys; no pairwise comparison). A merge is refused, and the refusal
recorded, when the two sides belong to different known alias sets and no report's alias ties them,
or when their types cannot be one party (a coalition and an army; a province and a town). Only a
report's own alias can join names no rule links ("Syrian army" and "New Syria Army" never match by
spelling). Generic names shared across clusters become proposals, never merges.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..names import NameKey, identify, known_label, name_key, split_names
from .model import EntityKind, RefusedMerge

log = logging.getLogger(__name__)

MAX_WHY = 12

ACTOR_FAMILIES = {
    "rebel_group": "non-state armed group",
    "political_militia": "non-state armed group",
    "identity_militia": "non-state armed group",
    "state_forces": "state forces",
    "external_force": "state forces",
    "coalition": "coalition",
    "civilians": "civilians",
    "monitor_ngo": "monitor or media",
    "media": "monitor or media",
}
PLACE_FAMILIES = {
    "province": "administrative area",
    "country": "administrative area",
    "region": "region",
    "mountains": "region",
}


def family(kind: EntityKind, value: str) -> str | None:
    """The family a type or place kind belongs to; ``None`` (unknown, other) joins any."""
    if kind == "actor":
        return ACTOR_FAMILIES.get(value)
    if kind == "place":
        return None if value == "other" else PLACE_FAMILIES.get(value, "site")
    return None


@dataclass(frozen=True)
class Entry:
    """One report entry to resolve."""

    article: str
    item: str
    name: str
    aliases: tuple[str, ...] = ()
    family: str | None = None


@dataclass
class Resolution:
    """Clusters of entry indices in order of first entry, with why each was merged."""

    clusters: list[list[int]]
    why: list[list[str]]
    refused: list[RefusedMerge] = field(default_factory=list)
    generic: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class _State:
    parent: list[int]
    families: list[set[str]]
    labels: list[set[str]]
    why: list[list[str]]
    refused: dict[tuple[str, ...], RefusedMerge] = field(default_factory=dict)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i


def resolve(entries: Sequence[Entry], kind: EntityKind) -> Resolution:
    """Cluster ``entries``; the same input always gives the same clusters and explanations."""
    state = _State(
        parent=list(range(len(entries))),
        families=[{e.family} if e.family else set() for e in entries],
        labels=[set() for _ in entries],
        why=[[] for _ in entries],
    )
    index: dict[tuple[str, str], tuple[int, str, NameKey]] = {}
    generic: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        for join, name, key in _join_keys(entry, kind, i, state, generic):
            if join not in index:
                index[join] = (i, name, key)
                continue
            j, other_name, other = index[join]
            identity = identify(other_name, name, kind)
            if state.find(i) == state.find(j) or not identity.same:
                continue
            reason = identity.reason
            if join[0] == "label" and other.key != key.key:
                reason += (
                    f" ('{other.plain}' in {_short(entries[j].article)}, "
                    f"'{key.plain}' in {_short(entry.article)})"
                )
            reason += _via_alias(entries[j], other) + _via_alias(entry, key)
            _union(state, kind, j, i, reason, (other.plain, key.plain))
    roots: dict[int, list[int]] = {}
    for i in range(len(entries)):
        roots.setdefault(state.find(i), []).append(i)
    clusters = list(roots.values())
    cluster_of = {i: c for c, members in enumerate(clusters) for i in members}
    shared = {
        name: sorted({cluster_of[i] for i in members})
        for name, members in generic.items()
        if len({cluster_of[i] for i in members}) > 1
    }
    return Resolution(
        clusters=clusters,
        why=[state.why[state.find(members[0])] for members in clusters],
        refused=list(state.refused.values()),
        generic=shared,
    )


def _join_keys(
    entry: Entry, kind: EntityKind, i: int, state: _State, generic: dict[str, list[int]]
) -> list[tuple[tuple[str, str], str, NameKey]]:
    """Join keys of every name the entry carries: its known sets, and its key unless generic."""
    keys: list[tuple[tuple[str, str], str, NameKey]] = []
    names = [n for raw in (entry.name, *entry.aliases) for n in split_names(raw)]
    for name in names:
        key = name_key(name, kind)
        label = known_label(key, kind)
        if not key.generic:
            keys.append((("key", key.key), name, key))
        if label is not None:
            state.labels[i].add(label)
            keys.append((("label", label), name, key))
        elif key.generic:
            generic[key.plain].append(i)
    return keys


def _via_alias(entry: Entry, key: NameKey) -> str:
    """Says so when a match came through an alias the report gave, not the entry's own name."""
    if key.plain in _own(entry.name):
        return ""
    return f"; '{key.plain}' is an alias of '{entry.name}' in {_short(entry.article)}"


@lru_cache(maxsize=50_000)
def _own(name: str) -> frozenset[str]:
    return frozenset(name_key(n).plain for n in split_names(name))


def _union(
    state: _State, kind: EntityKind, j: int, i: int, reason: str, names: tuple[str, str]
) -> None:
    a, b = state.find(j), state.find(i)
    if a == b:
        return
    labels = state.labels[a] | state.labels[b]
    if state.labels[a] and state.labels[b] and not state.labels[a] & state.labels[b]:
        _refuse(state, kind, names, f"different known alias sets ({' vs '.join(sorted(labels))})")
        return
    fa, fb = state.families[a], state.families[b]
    if fa and fb and not fa & fb:
        left, right = " / ".join(sorted(fa)), " / ".join(sorted(fb))
        _refuse(state, kind, names, f"types differ ({left} vs {right})")
        return
    root, child = min(a, b), max(a, b)
    state.parent[child] = root
    state.families[root] = fa | fb
    state.labels[root] = labels
    merged = state.why[root] + [w for w in state.why[child] if w not in state.why[root]]
    if reason not in merged:
        merged.append(reason)
    state.why[root] = merged[:MAX_WHY]


def _refuse(state: _State, kind: EntityKind, names: tuple[str, str], reason: str) -> None:
    key = (*sorted(names), reason)
    if key not in state.refused:
        log.info("not merging %s: %s", " / ".join(names), reason)
        state.refused[key] = RefusedMerge(kind=kind, names=list(names), reason=reason)


def _short(article: str) -> str:
    """An article's file name without folders, for explanations."""
    return article.replace("\\", "/").rsplit("/", 1)[-1]
