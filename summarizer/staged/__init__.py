"""Staged extraction: the small model makes small decisions and the program does the rest.

Order of work on one article (each step its own module):

1. ``text``: sentences with offsets; ``mentions``: candidate names by shape;
2. ``entities``: the model types each candidate (one enum per name); rules group aliases,
   pick canonical names, place kinds, roles, affiliations and backers;
3. ``claims``: reporting-cue sentences; the model picks each one's speaker among the names
   near it, or none;
4. ``events``: event and control-verb sentences; the model picks an event type, then for
   control sentences the place, the side that gained it and the side that lost it;
5. ``uncertainty``: hedges, unnamed sources, conflicting figures and denials, by rule;
6. ``source``: headline, dateline, byline, date, lede summary and takeaways, by rule.

Every stage sends the same system prompt and numbered article first (``ask``), so llama.cpp
evaluates the article once and each stage pays only for its own question and answer. Every
item's evidence is a sentence (or a window of one) cut from the article, so it resolves
exactly. Lists have no caps: each stage is bounded by the sentences and names it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..backends.base import Backend
from ..schema.draft import (
    ActorDraft,
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    PersonDraft,
    UnboundedDraft,
)
from ..schema.report import Usage
from .ask import PROMPT, Asker, StageLog
from .claims import find_claims
from .entities import find_entities
from .events import find_control_changes, find_events, typed_by_control
from .lexicon import load_lexicon
from .mentions import find_mentions
from .source import read_source, summary_and_takeaways
from .text import body_sentences, split_sentences
from .uncertainty import find_uncertainties

__all__ = ["PROMPT", "StageLog", "StagedDraft", "StagedResult", "extract_staged"]


class StagedDraft(UnboundedDraft):
    """The draft the staged pipeline assembles: the model's schema without list maximums."""


@dataclass(frozen=True)
class StagedResult:
    """A staged draft and what making it cost, stage by stage."""

    draft: StagedDraft
    stages: list[StageLog]
    usage: Usage
    attempts: int
    prompt: str


def parties(
    actors: list[ActorDraft],
    events: list[EventDraft],
    changes: list[ControlChangeDraft],
    claims: list[ClaimDraft],
    people: list[PersonDraft],
) -> tuple[list[ActorDraft], dict[str, str]]:
    """The actors that act: fight or are fought, speak, take or lose ground, or employ a named
    person; a party only mentioned in passing is not one (the founding set's rule 2). Returns
    them renumbered, and each kept old id's new id."""
    used = {a for e in events for a in e.actors}
    used |= {x for c in changes for x in (c.before, c.after) if x}
    used |= {c.claimant for c in claims} | {p.affiliation for p in people if p.affiliation}
    kept = [a for a in actors if a.id in used]
    renamed = {a.id: f"A{n}" for n, a in enumerate(kept, 1)}
    return [
        a.model_copy(update={"id": renamed[a.id], "member_of": renamed.get(a.member_of or "")})
        for a in kept
    ], renamed


def extract_staged(
    text: str, backend: Backend, *, prompt_version: str | None = None
) -> StagedResult:
    """A draft report on ``text``, built stage by stage."""
    lexicon = load_lexicon(prompt_version)
    sentences = split_sentences(text)
    asker = Asker(backend, sentences, prompt_version)
    entities = find_entities(asker, sentences, find_mentions(sentences, lexicon), lexicon)
    body = body_sentences(sentences)
    claims, claim_sentences = find_claims(asker, body, entities, lexicon)
    events = find_events(body, entities, lexicon)
    changes = find_control_changes(asker, body, entities, lexicon, claimed=set(claim_sentences))
    events = typed_by_control(events, changes, entities)
    source = read_source(text, sentences, entities)
    uncertainties = find_uncertainties(
        body,
        entities,
        lexicon,
        events=events,
        changes=changes,
        claims=claims,
        dated=source.published is not None,
    )
    summary, takeaways = summary_and_takeaways(body, entities)
    actors, renamed = parties(entities.actors, events, changes, claims, entities.people)
    events = [
        e.model_copy(update={"actors": [renamed[a] for a in e.actors if a in renamed]})
        for e in events
    ]
    changes = [
        c.model_copy(
            update={"before": renamed.get(c.before or ""), "after": renamed.get(c.after or "")}
        )
        for c in changes
    ]
    claims = [
        c.model_copy(update={"claimant": renamed.get(c.claimant, c.claimant)}) for c in claims
    ]
    people = [
        p.model_copy(update={"affiliation": renamed.get(p.affiliation or "")})
        for p in entities.people
    ]
    uncertainties = [
        u.model_copy(update={"about": about})
        for u in uncertainties
        if (about := [renamed.get(i, i) for i in u.about if not i.startswith("A") or i in renamed])
    ]
    draft = StagedDraft(
        source=source,
        summary=summary,
        takeaways=takeaways,
        actors=actors,
        people=people,
        places=entities.places,
        events=events,
        control_changes=changes,
        claims=claims,
        uncertainties=uncertainties,
    )
    asker.report()
    stages = list(asker.logs.values())
    return StagedResult(draft, stages, asker.usage, asker.attempts, asker.prompt_ident)
