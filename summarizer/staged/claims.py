"""Claim stage: cue rules find the reporting sentences; the model only says who speaks.

A sentence with a reporting cue ("said", "according to", "denied" ...) is a candidate. The
model chooses its speaker among the actors and people named in it and the sentence before, or
the last person named earlier (for "he said"), or "none" (the article's own voice). The claim's
evidence is the sentence itself; modality and topic come from the cue words. Consecutive
sentences given to the same speaker are one claim with two quotes.
"""

from __future__ import annotations

import re

from ..schema.draft import ClaimDraft, ClaimTopic, Modality, item_id
from .ask import Asker
from .entities import Entities
from .evidence import TEXT_MAX, clip, quote
from .lexicon import Lexicon
from .text import Sentence

NONE = "none"
PERSON_REACH = 140
PARTY_REACH = 12
AFTER_REACH = 30
_ADJACENT = re.compile(r"[\w)’']$")
MAX_CHOICES = 6
TOPIC_ORDER: tuple[ClaimTopic, ...] = (
    "responsibility",
    "casualties",
    "control",
    "intent",
    "figures",
)


def find_claims(
    asker: Asker, sentences: list[Sentence], entities: Entities, lexicon: Lexicon
) -> tuple[list[ClaimDraft], dict[int, str]]:
    """The article's claims, and each claim sentence's number mapped to its claim id."""
    options: dict[int, dict[str, str]] = {}
    answers: dict[int, str] = {}
    for index, sentence in enumerate(sentences):
        cue = lexicon.reporting.search(sentence.text)
        if cue is None:
            continue
        speakers = _speakers(index, sentences, entities)
        if not speakers:
            continue
        options[sentence.number] = speakers
        ruled = rule_speaker(sentence, cue.start(), index, sentences, entities, lexicon)
        shown_as = {item: name for name, item in speakers.items()}
        if ruled in shown_as:
            answers[sentence.number] = shown_as[ruled]
            continue
        shown = " | ".join([*speakers, NONE])
        item = f"[{sentence.label}] {clip(sentence.text, 300)}\nchoices: {shown}"
        picked = asker.choose("claims", item, [*speakers, NONE])
        if picked is not None:
            answers[sentence.number] = picked
    by_number = {s.number: s for s in sentences}
    claims: list[ClaimDraft] = []
    where: dict[int, str] = {}
    previous: tuple[int, str] | None = None
    for number, speakers in options.items():
        picked = answers.get(number, NONE)
        if picked not in speakers:
            previous = None
            continue
        claimant = speakers[picked]
        sentence = by_number[number]
        if previous == (number - 1, claimant) and len(claims[-1].quotes) < 2:
            last = claims[-1]
            claims[-1] = last.model_copy(update={"quotes": [*last.quotes, quote(sentence)]})
            where[number] = last.id
        else:
            claim_id = item_id("claims", len(claims) + 1)
            claims.append(
                ClaimDraft(
                    id=claim_id,
                    quotes=[quote(sentence)],
                    claimant=claimant,
                    via=None,
                    text=clip(sentence.text, TEXT_MAX),
                    topic=topic_of(sentence.text, lexicon),
                    modality=modality_of(sentence.text, lexicon),
                    corroboration="none",
                )
            )
            where[number] = claim_id
        previous = (number, claimant)
    return claims, where


def rule_speaker(
    sentence: Sentence,
    cue: int,
    index: int,
    sentences: list[Sentence],
    entities: Entities,
    lexicon: Lexicon,
) -> str | None:
    """The speaker the sentence's shape names, or ``None`` when only a reader can tell.

    A person named up to ``PERSON_REACH`` characters before the cue ("Saif, a spokesman for
    the brigade, said"); a party named right before it ("the Observatory said"); a pronoun
    subject ("he said") for the last person named; the first name right after "according
    to" or "said".
    """
    cue_at = sentence.start + cue
    named = [
        (item, offset)
        for item, offset in entities.mentions.get(sentence.number, [])
        if item[0] in "AH"
    ]
    before = [(i, o) for i, o in named if o < cue_at]
    people = [i for i, o in before if i[0] == "H" and cue_at - o <= PERSON_REACH]
    if people:
        return people[-1]
    head = sentence.text[:cue].rstrip()
    if before and _ADJACENT.search(head):
        item, offset = before[-1]
        if cue_at - offset <= len(entities.labels[item]) + PARTY_REACH:
            return item
    if lexicon.subject_pronouns.search(head[-20:]):
        for earlier in reversed(sentences[max(0, index - 3) : index + 1]):
            found = entities.in_sentence(earlier.number, "people")
            if found:
                return found[-1]
    after = [(i, o) for i, o in named if o > cue_at and o - cue_at <= AFTER_REACH]
    if after and lexicon.speech_cues.match(sentence.text[cue:]):
        return after[0][0]
    return None


def _speakers(index: int, sentences: list[Sentence], entities: Entities) -> dict[str, str]:
    """Display name -> id of the speakers a reader could mean in sentence ``index``."""
    numbers = [sentences[index].number]
    if index > 0:
        numbers.append(sentences[index - 1].number)
    ids: list[str] = []
    for number in numbers:
        ids += entities.in_sentence(number, "people") + entities.in_sentence(number, "actors")
    earlier_people = [
        item
        for s in reversed(sentences[:index])
        for item in entities.in_sentence(s.number, "people")
    ]
    if earlier_people:
        ids.append(earlier_people[0])
    shown: dict[str, str] = {}
    for item in dict.fromkeys(ids):
        label = entities.labels[item]
        shown[label if label not in shown else f"{label} ({item})"] = item
        if len(shown) == MAX_CHOICES:
            break
    return shown


def modality_of(text: str, lexicon: Lexicon) -> Modality:
    """CAMEO's verbal act the cue words mark: denied, threatened, else asserted."""
    if lexicon.denial.search(text):
        return "denied"
    if lexicon.threat.search(text):
        return "threatened"
    return "asserted"


def topic_of(text: str, lexicon: Lexicon) -> ClaimTopic:
    """What the claim is about, by the first topic whose words it uses."""
    for topic in TOPIC_ORDER:
        if lexicon.topics[topic].search(text):
            return topic
    return "other"
