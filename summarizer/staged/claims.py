"""Claim stage: cue rules find the reporting sentences; the model only says who speaks.

A sentence with a reporting cue ("said", "according to", "denied" ...) is a candidate. The
model chooses its speaker among the actors and people named in it and the sentence before, or
the last person named earlier (for "he said"), or "none" (the article's own voice). The claim's
evidence is the sentence itself; modality and topic come from the cue words. Consecutive
sentences given to the same speaker are one claim with two quotes.
"""

from __future__ import annotations

from ..models import ClaimDraft, ClaimTopic, Modality
from .ask import Asker, choice
from .entities import Entities
from .evidence import TEXT_MAX, clip, quote
from .lexicon import Lexicon
from .text import Sentence

NONE = "none"
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
    for index, sentence in enumerate(sentences):
        cue = lexicon.reporting.search(sentence.text)
        if cue is None:
            continue
        speakers = _speakers(index, sentences, entities)
        if speakers:
            options[sentence.number] = speakers
    if not options:
        return [], {}
    by_number = {s.number: s for s in sentences}
    items = []
    fields = {}
    for number, speakers in options.items():
        label = by_number[number].label
        names = list(speakers)
        shown = " | ".join([*names, NONE])
        items.append(f"{label}: {clip(by_number[number].text, 200)}\n   choices: {shown}")
        fields[label] = choice([*names, NONE])
    answer = asker.ask("claims", "\n".join(items), fields)
    if answer is None:
        return [], {}
    claims: list[ClaimDraft] = []
    where: dict[int, str] = {}
    previous: tuple[int, str] | None = None
    for number, speakers in options.items():
        picked = str(answer[by_number[number].label])
        if picked == NONE or picked not in speakers:
            previous = None
            continue
        claimant = speakers[picked]
        sentence = by_number[number]
        if previous == (number - 1, claimant) and len(claims[-1].quotes) < 2:
            last = claims[-1]
            claims[-1] = last.model_copy(update={"quotes": [*last.quotes, quote(sentence)]})
            where[number] = last.id
        else:
            claim_id = f"C{len(claims) + 1}"
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


def _speakers(index: int, sentences: list[Sentence], entities: Entities) -> dict[str, str]:
    """Display name -> id of the speakers a reader could mean in sentence ``index``."""
    numbers = [sentences[index].number]
    if index > 0:
        numbers.append(sentences[index - 1].number)
    ids: list[str] = []
    for number in numbers:
        ids += entities.in_sentence(number, "H") + entities.in_sentence(number, "A")
    earlier_people = [
        item for s in reversed(sentences[:index]) for item in entities.in_sentence(s.number, "H")
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
