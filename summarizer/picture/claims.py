"""Claims grouped by what they are about, every source kept, disagreements found.

A claim is about the places and actors whose names (as its report lists them) occur in its text
or its quotes. Claims group by topic and the first place they name, else the actors they name
besides the claimant. Within a group, an assertion and a denial by different claimants, or
different figures from different claimants, are a conflict; so are claims of one report that the
report itself marks as contradicted, on the same topic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from ..names import split_names
from ..schema.draft import ClaimTopic
from ..schema.report import Claim
from .conflicts import ConflictDraft, ItemKey, compatible, published_span
from .entities import Unified
from .figures import figures, first_figure, same
from .model import ClaimGroup, ConflictKind, PictureClaim, Position
from .refs import Refs

NUMERIC_TOPICS = {"figures", "casualties"}
KIND: dict[str, ConflictKind] = {
    "figures": "figures",
    "casualties": "casualties",
    "control": "control",
}

_Key = tuple[str, str, str]


_Finder = list[tuple[str, bool, str, str]]


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=50_000)
def _needle(name: str) -> tuple[str, bool]:
    """A name as space-padded words; acronyms stay case-sensitive ("IS" is not "is")."""
    if name.isupper() and len(name) <= 5:
        return _words(name), True
    return _words(fold(name)), False


def fold(text: str) -> str:
    """Case, diacritics, dashes and quotes folded; faster than ``normalize`` (no offsets)."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> str:
    """The text's words, space-separated and space-padded, for whole-word search."""
    return " " + " ".join(_WORD.findall(text)) + " "


def group_claims(
    refs: Refs, unified: Unified
) -> tuple[list[ClaimGroup], dict[ItemKey, str], list[ConflictDraft]]:
    """Claim groups, the group of every claim, and the disagreements among claims."""
    groups: dict[_Key, ClaimGroup] = {}
    members: dict[_Key, list[tuple[int, Claim]]] = {}
    group_of: dict[ItemKey, _Key] = {}
    for r, report in enumerate(refs.reports):
        finder = _finder(report.actors, r, unified) + _finder(report.places, r, unified, "place")
        for claim in report.claims:
            claimant = unified.get(r, claim.claimant) or claim.claimant
            places, actors = _about(claim, finder, claimant)
            key: _Key = (
                (claim.topic, "place", places[0])
                if places
                else (claim.topic, "actors", ",".join(sorted(actors)))
            )
            if key not in groups:
                groups[key] = ClaimGroup(
                    id=f"PC{len(groups) + 1}",
                    topic=claim.topic,
                    about=_label(claim.topic, places, actors, unified),
                    places=places[:1],
                    actors=[] if places else actors,
                    claims=[],
                )
                members[key] = []
            groups[key].claims.append(_claim(refs, unified, r, claim, claimant))
            members[key].append((r, claim))
            group_of[(r, claim.id)] = key
    drafts = [d for key in groups for d in _group_conflicts(refs, groups[key], members[key])]
    owners = {item: groups[key] for item, key in group_of.items()}
    drafts += _contradicted(refs, unified, owners)
    ids = {item: group.id for item, group in owners.items()}
    return list(groups.values()), ids, drafts


def _finder(items: Sequence[object], r: int, unified: Unified, kind: str = "actor") -> _Finder:
    found: _Finder = []
    for item in items:
        target = unified.get(r, str(getattr(item, "id", "")))
        if target is None:
            continue
        names = [str(getattr(item, "name", "")), *getattr(item, "aliases", ())]
        for name in {n for raw in names for n in split_names(raw) if len(n) > 1}:
            needle, exact = _needle(name)
            found.append((needle, exact, target, kind))
    return found


def _about(claim: Claim, finder: _Finder, claimant: str) -> tuple[list[str], list[str]]:
    raw = " ".join([claim.text, *(e.text or "" for e in claim.evidence)])
    exact_text, folded = _words(raw), _words(fold(raw))
    hits: dict[tuple[str, str], int] = {}
    for needle, exact, target, kind in finder:
        at = (exact_text if exact else folded).find(needle)
        if at >= 0 and at < hits.get((kind, target), len(raw) + len(folded)):
            hits[(kind, target)] = at
    ordered = sorted(hits, key=lambda k: hits[k])
    places = [t for kind, t in ordered if kind == "place"]
    actors = sorted({t for kind, t in ordered if kind == "actor" and t != claimant})
    return places, actors


def _label(topic: ClaimTopic, places: list[str], actors: list[str], unified: Unified) -> str:
    if places:
        return f"{topic}: {unified.name(places[0])}"
    if actors:
        return f"{topic}: {', '.join(unified.name(a) for a in actors)}"
    return f"{topic}: general"


def _claim(refs: Refs, unified: Unified, r: int, claim: Claim, claimant: str) -> PictureClaim:
    return PictureClaim(
        article=refs.article(r),
        item=claim.id,
        claimant=claimant,
        claimant_name=unified.name(claimant),
        via=claim.via,
        text=claim.text,
        modality=claim.modality,
        corroboration=claim.corroboration,
        figures=figures(claim.text) if claim.topic in NUMERIC_TOPICS else [],
        sources=refs.of(r, claim),
    )


def _position(claim: PictureClaim, numeric: bool) -> Position:
    who = f"{claim.claimant_name} via {claim.via}" if claim.via else claim.claimant_name
    return Position(
        who=who,
        says=f"{claim.text} ({claim.modality})",
        figure=first_figure(claim.text) if numeric else None,
        article=claim.article,
        items=[claim.item],
        sources=claim.sources,
    )


def _group_conflicts(
    refs: Refs, group: ClaimGroup, members: list[tuple[int, Claim]]
) -> list[ConflictDraft]:
    pairs = list(zip(members, group.claims, strict=True))
    drafts: list[ConflictDraft] = []
    stance = {c.modality for c in group.claims} >= {"asserted", "denied"}
    if stance and len({c.claimant for c in group.claims}) > 1 and _together(refs, members):
        drafts.append(
            _draft(
                "contradiction",
                group,
                [((r, c.id), p) for (r, c), p in pairs if p.modality in ("asserted", "denied")],
                "asserted by one source and denied by another",
            )
        )
    numeric = [((r, c.id), p) for (r, c), p in pairs if group.topic in NUMERIC_TOPICS and p.figures]
    first = [p.figures[0] for _, p in numeric]
    differ = any(not same(first[0], f) for f in first[1:]) if first else False
    if differ and len({p.claimant for _, p in numeric}) > 1 and _together(refs, members):
        kind = KIND.get(group.topic, "figures")
        drafts.append(_draft(kind, group, numeric, "figures differ between claimants"))
    return drafts


def _draft(
    kind: ConflictKind, group: ClaimGroup, chosen: list[tuple[ItemKey, PictureClaim]], why: str
) -> ConflictDraft:
    numeric = group.topic in NUMERIC_TOPICS
    return ConflictDraft(
        kind=kind,
        about=group.about,
        places=list(group.places),
        actors=list(group.actors),
        positions=[(frozenset({key}), _position(p, numeric)) for key, p in chosen],
        why=why,
    )


def _together(refs: Refs, members: list[tuple[int, Claim]]) -> bool:
    """Whether the claims' articles may speak of the same time."""
    spans = {published_span(refs.published(r)) for r, _ in members}
    known = [s for s in spans if s is not None]
    return all(compatible(a, b) for a in known for b in known)


def _contradicted(
    refs: Refs, unified: Unified, owners: dict[ItemKey, ClaimGroup]
) -> list[ConflictDraft]:
    drafts: list[ConflictDraft] = []
    for r, report in enumerate(refs.reports):
        by_topic: dict[str, list[Claim]] = {}
        for claim in report.claims:
            if claim.corroboration == "contradicted":
                by_topic.setdefault(claim.topic, []).append(claim)
        for topic, claims in by_topic.items():
            if len({c.claimant for c in claims}) < 2:
                continue
            homes = [owners[(r, c.id)] for c in claims]
            shown = [
                _claim(refs, unified, r, c, unified.get(r, c.claimant) or c.claimant)
                for c in claims
            ]
            group = ClaimGroup(
                id="",
                topic=claims[0].topic,
                about=homes[0].about,
                places=list(dict.fromkeys(p for h in homes for p in h.places)),
                actors=list(dict.fromkeys(a for h in homes for a in h.actors)),
                claims=shown,
            )
            drafts.append(
                _draft(
                    KIND.get(topic, "contradiction"),
                    group,
                    [((r, c.id), p) for c, p in zip(claims, shown, strict=True)],
                    f"{refs.short(r)} marks these claims as contradicting each other",
                )
            )
    return drafts
