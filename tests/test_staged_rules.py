"""The staged pipeline's rules, without a model: sentences, candidates, kinds, speakers, events,
uncertainties and the source line. Every offset they produce must cut the article exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.staged.claims import modality_of, rule_speaker, topic_of
from summarizer.staged.entities import Entities
from summarizer.staged.events import event_type, find_control_changes
from summarizer.staged.evidence import QUOTE_MAX, clip, numbers, quote
from summarizer.staged.kinds import kind_by_rule
from summarizer.staged.lexicon import load_lexicon
from summarizer.staged.mentions import Mention, find_mentions
from summarizer.staged.source import read_source
from summarizer.staged.text import body_sentences, split_sentences

from .conftest import founding_articles

LEXICON = load_lexicon()
WIRE = (
    "Rebels seize border town\n"
    "AMMAN (Reuters) - U.S.-backed rebels captured the town of Al Tanf on Saturday, a rebel "
    "commander told Reuters. Said Saif, a spokesman for the Martyr Ahmad al-Abdo Brigade, said "
    "the fighting was over. He said 40 fighters were killed. The claim could not be "
    "independently verified.\n"
)


def test_sentences_cut_the_text_exactly_and_skip_abbreviations() -> None:
    sentences = split_sentences(WIRE)
    assert [s.text[:20] for s in sentences] == [
        "Rebels seize border ",
        "AMMAN (Reuters) - U.",
        "Said Saif, a spokesm",
        "He said 40 fighters ",
        "The claim could not ",
    ]
    for s in sentences:
        assert WIRE[s.start : s.end] == s.text


def test_the_headline_names_things_but_reports_nothing() -> None:
    sentences = split_sentences(WIRE)
    assert [s.number for s in body_sentences(sentences)] == [2, 3, 4, 5]
    assert body_sentences(sentences[1:]) == sentences[1:], "a full sentence is body"


@pytest.mark.parametrize("path", founding_articles(), ids=lambda p: p.stem[:3])
def test_every_mention_in_a_founding_article_cuts_the_text_exactly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    mentions = find_mentions(sentences, LEXICON)
    assert len(mentions) > 20
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        sentence = sentences[mention.sentence - 1]
        assert sentence.start <= mention.start < mention.end <= sentence.end


def by_text(text: str) -> dict[str, list[Mention]]:
    found: dict[str, list[Mention]] = {}
    for mention in find_mentions(split_sentences(text), LEXICON):
        found.setdefault(mention.text, []).append(mention)
    return found


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Said Saif", "person"),
        ("Martyr Ahmad al-Abdo Brigade", "rebel_group"),
        ("Reuters", "media"),
        ("AMMAN", "other"),
        ("U.S.-backed rebels", "rebel_group"),
    ],
)
def test_kinds_the_text_settles_need_no_model(name: str, kind: str) -> None:
    mentions = by_text(WIRE)
    assert kind_by_rule(name, mentions[name], split_sentences(WIRE), LEXICON) == kind


def test_rule_speaker_prefers_the_named_person_before_the_cue_and_resolves_he() -> None:
    sentences = split_sentences(WIRE)
    entities = Entities(
        mentions={
            3: [("H1", WIRE.index("Said Saif")), ("A2", WIRE.index("Martyr"))],
            4: [],
        },
        labels={"H1": "Said Saif", "A2": "Martyr Ahmad al-Abdo Brigade"},
    )
    third, fourth = sentences[2], sentences[3]
    cue = third.text.index("said the")
    assert rule_speaker(third, cue, 2, sentences, entities, LEXICON) == "H1"
    assert rule_speaker(fourth, fourth.text.index("said"), 3, sentences, entities, LEXICON) == "H1"


@pytest.mark.parametrize(
    ("text", "modality", "topic"),
    [
        ("The ministry denied that troops had withdrawn.", "denied", "control"),
        ("He warned they will attack the base.", "threatened", "intent"),
        ("The monitor said 35 civilians were killed.", "asserted", "casualties"),
        ("IS claimed responsibility for the bombing.", "asserted", "responsibility"),
    ],
)
def test_modality_and_topic_follow_the_cue_words(text: str, modality: str, topic: str) -> None:
    assert modality_of(text, LEXICON) == modality
    assert topic_of(text, LEXICON) == topic


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A suicide car bomb hit the checkpoint.", "suicide_bomb"),
        ("Coalition warplanes struck a convoy.", "air_strike"),
        ("Rebels and troops clashed near the town.", "battle"),
        ("Troops captured the airport.", "battle"),
        ("A truck bomb blew up at the junction.", "ied"),
        ("Gunmen looted homes in the village.", "strategic_development"),
        ("The weather was mild.", None),
    ],
)
def test_event_types_come_from_the_most_specific_words(text: str, kind: str | None) -> None:
    assert event_type(text, LEXICON) == kind


def test_quotes_are_verbatim_windows_of_at_most_the_limit() -> None:
    sentence = split_sentences("word " * 80 + "end.")[0]
    piece = quote(sentence, around=300)
    assert len(piece) <= QUOTE_MAX and piece in sentence.text
    assert clip("a  b\n c", 10) == "a b c"
    assert numbers("over 5,000 km and 35 dead") == {5000, 35}


def test_the_source_line_is_read_from_the_article_shape() -> None:
    source = read_source(WIRE, split_sentences(WIRE), Entities(), LEXICON)
    assert source.headline == "Rebels seize border town"
    assert source.dateline == "Amman"
    assert source.author == "Reuters"
    assert source.published is None and source.date_precision == "unknown"


class RecordingAsker:
    """Records the control questions and answers none of them."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def ask(self, stage: str, item: str, fields: dict[str, object]) -> None:
        self.items.append(item)


def test_a_place_named_only_as_a_reference_point_is_not_offered_as_taken() -> None:
    text = "Rebels captured Tell Dara, 20 km southwest of Palmyra, on Sunday.\n"
    sentence = split_sentences(text)[0]
    entities = Entities(
        mentions={1: [("A1", 0), ("L1", text.index("Tell")), ("L2", text.index("Palmyra"))]},
        labels={"A1": "Rebels", "L1": "Tell Dara", "L2": "Palmyra"},
    )
    asker = RecordingAsker()
    find_control_changes(asker, [sentence], entities, LEXICON, claimed=set())  # type: ignore[arg-type]
    assert len(asker.items) == 1
    assert "places: Tell Dara | none" in asker.items[0]
