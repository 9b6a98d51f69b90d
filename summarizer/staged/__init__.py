"""Staged extraction: the small model makes small decisions and the program does the rest.

Order of work on one article (each step its own module):

1. ``text``: sentences with offsets; ``mentions``: candidate names by shape;
2. ``kinds`` and ``entities``: rules settle what a name is where its shape or neighbours tell;
   the model types the rest (one enum per name); rules group aliases, pick canonical names,
   place kinds, roles, affiliations and backers;
3. ``claims``: reporting-cue sentences; the model picks each one's speaker among the names
   near it, or none;
4. ``events``: event-word sentences become events by rule (type from the words, parties and
   place from the names); for control-verb sentences the model chooses the place, the side
   that gained it and the side that lost it;
5. ``uncertainty``: hedges, unnamed sources, conflicting figures and denials, by rule;
6. ``source``: headline, dateline, byline, date, lede summary and takeaways, by rule.

Every word list these rules use is data (``lexicon``), and every rule module, word list and
question is hashed into the report's provenance (``summarizer.rules``), so a cached report
never outlives the rules that made it. Every stage sends the same system prompt and numbered
article first (``ask``), so llama.cpp evaluates the article once and each stage pays only for
its own question and answer. Every item's evidence is a sentence (or a window of one) cut from
the article, so it resolves exactly. Lists have no caps: each stage is bounded by the
sentences and names it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..backends.base import Backend
from ..schema.draft import (
    SECTIONS,
    ActorDraft,
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    PersonDraft,
    UnboundedDraft,
    item_id,
    items_of,
    remap_references,
    section_of,
)
from ..schema.report import Usage
from .ask import Asker, StageLog
from .claims import find_claims
from .entities import find_entities
from .events import find_control_changes, find_events, typed_by_control
from .lexicon import load_lexicon
from .mentions import find_mentions
from .source import read_source, summary_and_takeaways
from .text import body_sentences, split_sentences
from .uncertainty import find_uncertainties
from .verify import verify

__all__ = ["StageLog", "StagedDraft", "StagedResult", "extract_staged"]


class StagedDraft(UnboundedDraft):
    """The draft the staged pipeline assembles: the model's schema without list maximums."""


@dataclass(frozen=True)
class StagedResult:
    """A staged draft and what making it cost, stage by stage."""

    draft: StagedDraft
    stages: list[StageLog]
    usage: Usage
    attempts: int
    confidence: dict[str, float]
    """The calibrated confidence of each verified item, by id (items of ``draft``)."""


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
    renamed = {a.id: item_id("actors", n) for n, a in enumerate(kept, 1)}
    return [
        a.model_copy(update={"id": renamed[a.id], "member_of": renamed.get(a.member_of or "")})
        for a in kept
    ], renamed


def only_parties(draft: StagedDraft, renamed: dict[str, str]) -> StagedDraft:
    """``draft`` with only the actors ``renamed`` lists (old id -> new id), renumbered; every
    reference follows, references to dropped actors go, and an uncertainty about nothing
    left goes too."""
    mapping = {i.id: i.id for section, i in items_of(draft) if section.name != "actors"}
    mapping |= renamed
    data = draft.model_dump()
    for section in SECTIONS:
        kept = []
        for item, raw in zip(getattr(draft, section.name), data[section.name], strict=True):
            if item.id in mapping:
                remap_references(raw, type(item), mapping, drop_unmapped=True)
                kept.append(raw | {"id": mapping[item.id]})
        data[section.name] = kept
    data["uncertainties"] = [u for u in data["uncertainties"] if u["about"]]
    return StagedDraft.model_validate(data)


def extract_staged(
    text: str, backend: Backend, *, prompt_version: str | None = None
) -> StagedResult:
    """A draft report on ``text``, built stage by stage."""
    lexicon = load_lexicon(prompt_version)
    sentences = split_sentences(text, lexicon.abbreviations)
    asker = Asker(backend, sentences, prompt_version)
    entities = find_entities(asker, sentences, find_mentions(sentences, lexicon), lexicon)
    # Captions' credit lines and bracketed bylines name outlets but report nothing.
    body = [s for s in body_sentences(sentences) if not lexicon.credit_lines.search(s.text)]
    claims, claim_sentences = find_claims(asker, body, entities, lexicon)
    events = find_events(body, entities, lexicon)
    changes = find_control_changes(asker, body, entities, lexicon, claimed=set(claim_sentences))
    events = typed_by_control(events, changes, entities)
    source = read_source(text, sentences, entities, lexicon)
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
    _, renamed = parties(entities.actors, events, changes, claims, entities.people)
    draft = StagedDraft(
        source=source,
        summary=summary,
        takeaways=takeaways,
        actors=entities.actors,
        people=entities.people,
        places=entities.places,
        events=events,
        control_changes=changes,
        claims=claims,
        uncertainties=uncertainties,
    )
    draft = only_parties(draft, renamed)
    verified = verify(asker, draft, sentences, version=prompt_version)
    draft = StagedDraft.model_validate(verified.draft.model_dump())
    confidence = verified.confidence
    if verified.dropped:
        # An actor whose every event, change or claim was dropped is no party any more.
        _, renamed = parties(
            draft.actors, draft.events, draft.control_changes, draft.claims, draft.people
        )
        draft = only_parties(draft, renamed)
        confidence = {
            renamed.get(ident, ident): value
            for ident, value in confidence.items()
            if section_of(ident) != "actors" or ident in renamed
        }
    asker.report()
    stages = list(asker.logs.values())
    return StagedResult(draft, stages, asker.usage, asker.attempts, confidence)
