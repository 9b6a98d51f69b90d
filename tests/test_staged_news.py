"""The staged rules on text in the register of scraped news: photo captions and their credit
lines, outlets and monitors beside the parties, plans and partial advances beside completed
changes, and takeaways that are whole sentences. Each case asserts the exact outcome."""

from __future__ import annotations

import pytest

from summarizer.schema.draft import ActorDraft
from summarizer.staged.entities import Entities
from summarizer.staged.events import combatants, find_control_changes, find_events
from summarizer.staged.lexicon import load_lexicon
from summarizer.staged.source import summary_and_takeaways
from summarizer.staged.text import split_sentences

LEXICON = load_lexicon()


def actor(ident: str, name: str, kind: str) -> ActorDraft:
    return ActorDraft(id=ident, name=name, aliases=[], type=kind, member_of=None, backers=[])  # type: ignore[arg-type]


def entities_for(text: str, names: dict[str, tuple[str, str | None]]) -> Entities:
    """Entities whose every listed name is mentioned wherever it occurs; ``names``: id ->
    (name, actor type, or None for a place)."""
    sentences = split_sentences(text)
    mentions: dict[int, list[tuple[str, int]]] = {}
    for sentence in sentences:
        found = []
        for ident, (name, _) in names.items():
            at = sentence.text.find(name)
            if at >= 0:
                found.append((ident, sentence.start + at))
        mentions[sentence.number] = sorted(found, key=lambda m: m[1])
    return Entities(
        actors=[actor(i, n, k) for i, (n, k) in names.items() if k is not None],
        mentions=mentions,
        labels={i: n for i, (n, _) in names.items()},
    )


class RecordingAsker:
    """Records each control question; answers none."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def ask(self, stage: str, item: str, fields: dict[str, object]) -> None:
        self.items.append(item)


@pytest.mark.parametrize(
    "line",
    [
        "Photo: AFP",
        "Smoke rises over the city after an air strike on Tuesday. Photo: AFP",
        "Fighters of the Syrian Democratic Forces near Raqqa. (Reuters/Rodi Said)",
        "Photograph: Delil Souleiman/AFP via Getty Images",
        "A displaced family waits at a checkpoint (AP)",
    ],
)
def test_a_caption_credit_line_is_recognised(line: str) -> None:
    assert LEXICON.credit_lines.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "AMMAN (Reuters) - Rebels captured the town on Saturday, a commander said.",
        "The photo showed the army entering the town, the ministry said.",
        "Syrian troops took the airport in May, according to state media.",
    ],
)
def test_a_sentence_that_reports_is_no_credit_line(line: str) -> None:
    assert not LEXICON.credit_lines.search(line)


def test_an_outlet_and_a_monitor_are_never_parties_to_a_clash() -> None:
    text = (
        "Clashes between the Syrian army and Islamic State fighters killed 12 people near "
        "Palmyra, the Syrian Observatory for Human Rights and Reuters reported.\n"
    )
    entities = entities_for(
        text,
        {
            "A1": ("Syrian army", "state_forces"),
            "A2": ("Islamic State", "rebel_group"),
            "A3": ("Syrian Observatory for Human Rights", "monitor_ngo"),
            "A4": ("Reuters", "media"),
            "L1": ("Palmyra", None),
        },
    )
    events = find_events(split_sentences(text), entities, LEXICON)
    assert [e.actors for e in events] == [["A1", "A2"]]
    assert combatants(["A4", "A1", "A3"], entities, LEXICON) == ["A1"]


def test_a_photo_credit_is_never_offered_as_a_holder() -> None:
    text = "Government forces recaptured Palmyra from Islamic State on Sunday. Photo: AFP\n"
    entities = entities_for(
        text,
        {
            "A1": ("Government forces", "state_forces"),
            "A2": ("Islamic State", "rebel_group"),
            "A3": ("AFP", "media"),
            "L1": ("Palmyra", None),
        },
    )
    asker = RecordingAsker()
    sentences = split_sentences(text)
    find_control_changes(asker, sentences, entities, LEXICON, claimed=set())  # type: ignore[arg-type]
    assert len(asker.items) == 1
    assert asker.items[0].endswith("actors: Government forces | Islamic State | unknown")


@pytest.mark.parametrize(
    "sentence",
    [
        "The army launched a campaign to capture Raqqa, the group's de facto capital.",
        "Kurdish-led fighters reached the edge of Tabqa on Monday, a spokesman said.",
        "A breakthrough could allow government troops to seize Deir ez-Zor within weeks.",
        "Iraqi forces are preparing to retake the Old City of Mosul.",
        "Rebels were a few steps from full control of the district after they took Kafr Nabudah.",
    ],
)
def test_plans_attempts_and_partial_advances_are_not_changes_of_hands(sentence: str) -> None:
    names = {
        "A1": ("army", "state_forces"),
        "A2": ("fighters", "rebel_group"),
        "A3": ("troops", "state_forces"),
        "A4": ("forces", "state_forces"),
        "A5": ("Rebels", "rebel_group"),
        "L1": ("Raqqa", None),
        "L2": ("Tabqa", None),
        "L3": ("Deir ez-Zor", None),
        "L4": ("Mosul", None),
        "L5": ("Kafr Nabudah", None),
    }
    text = sentence + "\n"
    asker = RecordingAsker()
    found = find_control_changes(
        asker,  # type: ignore[arg-type]
        split_sentences(text),
        entities_for(text, names),
        LEXICON,
        claimed=set(),
    )
    assert found == [] and asker.items == [], "no question is even asked"


def test_a_completed_capture_in_may_is_still_asked_about() -> None:
    text = "Government troops captured the town of Tadef in May, the army said.\n"
    names = {"A1": ("Government troops", "state_forces"), "L1": ("Tadef", None)}
    asker = RecordingAsker()
    find_control_changes(
        asker,  # type: ignore[arg-type]
        split_sentences(text),
        entities_for(text, names),
        LEXICON,
        claimed=set(),
    )
    assert len(asker.items) == 1, "the month May is no 'may'"


def test_takeaways_are_whole_sentences() -> None:
    long = (
        "The offensive, which began in early November after weeks of preparation by units "
        "drawn from three provinces and backed by heavy air cover from the coalition, has "
        "displaced tens of thousands of residents from villages along the river valley."
    )
    text = (
        "Iraqi forces retook the town of Rawa on Friday, the army said. "
        f"{long} "
        "Islamic State fighters fled west towards the Syrian border as the troops advanced. "
        "The army said 20 militants were killed in the fighting for the town on Friday. "
        "Residents said the town was largely empty after months of siege and hunger.\n"
    )
    sentences = split_sentences(text)
    names = {
        "A1": ("Iraqi forces", "state_forces"),
        "A2": ("Islamic State", "rebel_group"),
        "A3": ("army", "state_forces"),
        "A4": ("Residents", "civilians"),
        "A5": ("offensive", "state_forces"),
        "L1": ("Rawa", None),
    }
    _, takeaways = summary_and_takeaways(sentences, entities_for(text, names))
    assert takeaways == [
        "Islamic State fighters fled west towards the Syrian border as the troops advanced.",
        "The army said 20 militants were killed in the fighting for the town on Friday.",
        "Residents said the town was largely empty after months of siege and hunger.",
    ]
