"""One situation picture from many situation reports: the public entry point of the merge.

Resolution is deterministic and explainable: the same reports always give the same picture, and
every unified entity says why its names were judged the same. A ``propose`` function (a model,
a gazetteer service) may be passed to suggest further merges for names the rules leave apart;
what it returns is added to ``picture.proposals`` and never merges anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..names import name_key, skeleton
from ..schema.report import SituationReport
from .claims import group_claims
from .conflicts import merge_drafts
from .control import build_control
from .entities import Unified, unify
from .model import Entity, EntityKind, MergeProposal, SituationPicture
from .refs import Refs
from .timeline import build_timeline

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MergeCandidate:
    """Two entities the rules kept apart whose names look alike: for a proposer to judge."""

    kind: EntityKind
    ids: tuple[str, str]
    names: tuple[list[str], list[str]]
    reason: str


Propose = Callable[[Sequence[MergeCandidate]], Iterable[MergeProposal]]
"""Given candidates, return proposals; a model may sit behind it. It never merges."""


def build_picture(
    reports: Sequence[SituationReport], *, propose: Propose | None = None
) -> SituationPicture:
    """Merge ``reports`` into one picture; every item keeps its articles and offsets."""
    refs = Refs(reports)
    unified = unify(refs)
    timeline, toll_drafts = build_timeline(refs, unified)
    control, control_drafts = build_control(refs, unified)
    claim_groups, group_of, claim_drafts = group_claims(refs, unified)
    conflicts, by_item = merge_drafts(control_drafts + claim_drafts + toll_drafts)
    index = {g.id: g for g in claim_groups}
    for item, group_id in group_of.items():
        group = index[group_id]
        group.conflicts += [c for c in by_item.get(item, []) if c not in group.conflicts]
    proposals = list(unified.proposals)
    if propose is not None:
        proposals += _proposed(propose, unified)
    log.info(
        "merged %d reports: %d actors, %d places, %d events, %d conflicts",
        len(reports),
        len(unified.actors),
        len(unified.places),
        len(timeline),
        len(conflicts),
    )
    return SituationPicture(
        articles=refs.articles(),
        actors=unified.actors,
        places=unified.places,
        people=unified.people,
        timeline=timeline,
        control=control,
        claims=claim_groups,
        conflicts=conflicts,
        proposals=proposals,
        refused=unified.refused,
    )


def candidates(unified: Unified) -> list[MergeCandidate]:
    """Entity pairs the rules kept apart that a proposer may judge: those sharing a generic name,
    and those whose names share a consonant skeleton but not a key (Raqqa and Iraq, or two
    spellings no rule knows). Blocked by skeleton, so linear in the number of names."""
    everyone = {
        e.id: [e.name, *e.aliases] for e in (*unified.actors, *unified.places, *unified.people)
    }
    found = [
        MergeCandidate(p.kind, (a, b), (everyone[a], everyone[b]), p.reason)
        for p in unified.proposals
        for a, b in pairwise(p.ids)
    ]
    groups: tuple[tuple[EntityKind, Sequence[Entity]], ...] = (
        ("actor", unified.actors),
        ("place", unified.places),
        ("person", unified.people),
    )
    for kind, entities in groups:
        blocks: dict[str, list[tuple[str, str, list[str]]]] = {}
        for entity in entities:
            key = name_key(entity.name, kind)
            if not key.generic:
                blocks.setdefault(skeleton(key.key), []).append(
                    (entity.id, key.key, everyone[entity.id])
                )
        for block, members in blocks.items():
            for (a, key_a, names_a), (b, key_b, names_b) in pairwise(members):
                if key_a != key_b:
                    found.append(
                        MergeCandidate(
                            kind=kind,
                            ids=(a, b),
                            names=(names_a, names_b),
                            reason=f"same consonants '{block}', different names",
                        )
                    )
    return found


def _proposed(propose: Propose, unified: Unified) -> list[MergeProposal]:
    known = {e.id: e.name for e in (*unified.actors, *unified.places, *unified.people)}
    accepted: list[MergeProposal] = []
    label = getattr(propose, "__name__", type(propose).__name__)
    for proposal in propose(candidates(unified)):
        if len(proposal.ids) < 2 or any(i not in known for i in proposal.ids):
            log.warning("ignoring a proposal for unknown ids: %s", proposal.ids)
            continue
        accepted.append(
            proposal.model_copy(update={"names": [known[i] for i in proposal.ids], "by": label})
        )
    return accepted
