"""Unified actors, places and people: resolver clusters turned into entities with stable ids."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..names import name_key
from ..schema.report import Actor, Geo, Person, Place
from .model import (
    EntityKind,
    Mention,
    MergeProposal,
    PictureActor,
    PicturePerson,
    PicturePlace,
    RefusedMerge,
)
from .refs import Refs
from .resolver import Entry, family, resolve

PREFIX: dict[EntityKind, str] = {"actor": "PA", "place": "PL", "person": "PH"}
MAX_PROPOSAL_IDS = 20
T = TypeVar("T")


@dataclass
class Unified:
    """Entities of every kind and the map from each report's local ids to unified ids."""

    actors: list[PictureActor] = field(default_factory=list)
    places: list[PicturePlace] = field(default_factory=list)
    people: list[PicturePerson] = field(default_factory=list)
    ids: dict[tuple[int, str], str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    refused: list[RefusedMerge] = field(default_factory=list)
    proposals: list[MergeProposal] = field(default_factory=list)

    def get(self, r: int, local: str | None) -> str | None:
        """The unified id of report ``r``'s item ``local``."""
        return None if local is None else self.ids.get((r, local))

    def name(self, unified: str | None) -> str:
        """The canonical name of a unified id, or 'unknown'."""
        return "unknown" if unified is None else self.names.get(unified, unified)


def unify(refs: Refs) -> Unified:
    """Resolve actors, places and people across every report."""
    out = Unified()
    sections: tuple[tuple[EntityKind, str], ...] = (
        ("actor", "actors"),
        ("place", "places"),
        ("person", "people"),
    )
    for kind, section in sections:
        items = [(r, item) for r, rep in enumerate(refs.reports) for item in getattr(rep, section)]
        entries = [_entry(refs, kind, r, item) for r, item in items]
        resolution = resolve(entries, kind)
        ids = [f"{PREFIX[kind]}{n + 1}" for n in range(len(resolution.clusters))]
        for members, unified in zip(resolution.clusters, ids, strict=True):
            for i in members:
                out.ids[(items[i][0], items[i][1].id)] = unified
        out.refused += resolution.refused
        built = [
            _base(refs, kind, [items[i] for i in m], resolution.why[c], ids[c])
            for c, m in enumerate(resolution.clusters)
        ]
        out.names |= {b["id"]: b["name"] for b in built}
        for name, clusters in resolution.generic.items():
            chosen = [ids[c] for c in clusters][:MAX_PROPOSAL_IDS]
            out.proposals.append(
                MergeProposal(
                    kind=kind,
                    ids=chosen,
                    names=[built[c]["name"] for c in clusters][:MAX_PROPOSAL_IDS],
                    reason=f"share the generic name '{name}', never a merge key across articles",
                    by="rule",
                )
            )
        for base, members in zip(built, resolution.clusters, strict=True):
            group = [items[i] for i in members]
            if kind == "actor":
                out.actors.append(_actor(out, base, group))
            elif kind == "place":
                out.places.append(_place(base, group))
            else:
                out.people.append(_person(out, base, group))
    return out


def _entry(refs: Refs, kind: EntityKind, r: int, item: Any) -> Entry:
    kind_value = getattr(item, "type", None) or getattr(item, "kind", None) or "unknown"
    return Entry(
        article=refs.short(r),
        item=item.id,
        name=item.name,
        aliases=tuple(getattr(item, "aliases", ())),
        family=family(kind, kind_value),
    )


def _base(
    refs: Refs, kind: EntityKind, group: Sequence[tuple[int, Any]], why: list[str], unified: str
) -> dict[str, Any]:
    counts = Counter(item.name for _, item in group)
    canonical = max(counts, key=lambda n: (counts[n], -_first(group, n)))
    seen = {name_key(canonical, kind).plain}
    aliases: list[str] = []
    for _, item in group:
        for name in (item.name, *getattr(item, "aliases", ())):
            plain = name_key(name, kind).plain
            if plain not in seen:
                seen.add(plain)
                aliases.append(name)
    return {
        "id": unified,
        "name": canonical,
        "aliases": aliases,
        "articles": _distinct(refs.article(r) for r, _ in group),
        "mentions": [
            Mention(
                article=refs.article(r),
                item=item.id,
                name=item.name,
                aliases=list(getattr(item, "aliases", ())),
            )
            for r, item in group
        ],
        "why": why,
        "sources": [ref for r, item in group for ref in refs.of(r, item)],
    }


def _actor(out: Unified, base: dict[str, Any], group: Sequence[tuple[int, Actor]]) -> PictureActor:
    types = [item.type for _, item in group]
    umbrellas = [out.get(r, item.member_of) for r, item in group]
    return PictureActor(
        **base,
        type=_commonest(types, "unknown"),
        types=_distinct(types),
        member_of=_distinct(u for u in umbrellas if u is not None and u != base["id"]),
        backers=_distinct((b for _, item in group for b in item.backers), fold=True),
    )


def _place(base: dict[str, Any], group: Sequence[tuple[int, Place]]) -> PicturePlace:
    kinds = [item.kind for _, item in group]
    return PicturePlace(
        **base,
        kind=_commonest(kinds, "other"),
        kinds=_distinct(kinds),
        admin_areas=_distinct((i.admin_area for _, i in group if i.admin_area), fold=True),
        countries=_distinct((i.country for _, i in group if i.country), fold=True),
        relative=_distinct((i.relative for _, i in group if i.relative), fold=True),
        geo=_agreed_geo([item.geo for _, item in group]),
    )


def _agreed_geo(found: Sequence[Geo | None]) -> Geo | None:
    """The one gazetteer place the articles' accounts were given, exact points before offsets."""
    for approximate in (False, True):
        same = [g for g in found if g is not None and g.approximate == approximate]
        if same:
            ids = {g.geonames_id for g in same}
            return same[0] if len(ids) == 1 else None
    return None


def _person(
    out: Unified, base: dict[str, Any], group: Sequence[tuple[int, Person]]
) -> PicturePerson:
    affiliations = [out.get(r, item.affiliation) for r, item in group]
    return PicturePerson(
        **base,
        roles=_distinct((i.role for _, i in group if i.role), fold=True),
        affiliations=_distinct(a for a in affiliations if a is not None),
    )


def _commonest(values: Sequence[T], vague: T) -> T:
    """The value most entries give, the earliest on a tie; ``vague`` only if nothing else."""
    counts = Counter(v for v in values if v != vague)
    return max(counts, key=lambda v: (counts[v], -values.index(v))) if counts else vague


def _first(group: Sequence[tuple[int, Any]], name: str) -> int:
    return next(n for n, (_, item) in enumerate(group) if item.name == name)


def _distinct(values: Any, *, fold: bool = False) -> list[Any]:
    seen: set[Any] = set()
    out: list[Any] = []
    for value in values:
        key = value.casefold() if fold and isinstance(value, str) else value
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out
