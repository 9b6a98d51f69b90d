"""Uncertainties the staged pipeline finds by rule: hedges, single sources, conflicting figures,
disputes and undated events, each with a case it must find, a near miss it must not and an
edge case. An undated event is an uncertainty only where the article prints no date of its own
to read "on Tuesday" against."""

from __future__ import annotations

import pytest

from summarizer.schema.draft import (
    ClaimDraft,
    ClaimTopic,
    ControlChangeDraft,
    EventDraft,
    EventType,
    Modality,
)
from summarizer.staged.entities import Entities
from summarizer.staged.evidence import QUOTE_MAX, TEXT_MAX, clip, quote
from summarizer.staged.lexicon import load_lexicon
from summarizer.staged.text import Sentence, split_sentences
from summarizer.staged.uncertainty import find_uncertainties

LEXICON = load_lexicon()
TEXT = "Militants shelled the market on Tuesday, killing four people, a local official said.\n"


def shelling() -> EventDraft:
    sentence = split_sentences(TEXT)[0]
    return EventDraft(
        id="E1",
        quotes=[sentence.text[:60]],
        type="shelling",
        description="Militants shell the market.",
        actors=[],
        place=None,
        date="on Tuesday",
        date_precision="unknown",
        fatalities=[],
    )


@pytest.mark.parametrize(("dated", "expected"), [(False, ["missing"]), (True, [])])
def test_relative_dates_are_missing_only_in_an_undated_article(
    dated: bool, expected: list[str]
) -> None:
    found = find_uncertainties(
        split_sentences(TEXT),
        Entities(),
        LEXICON,
        events=[shelling()],
        changes=[],
        claims=[],
        dated=dated,
    )
    assert [u.kind for u in found if "No date" in u.text] == expected
    for item in found:
        assert all(q in TEXT for q in item.quotes)


# Each rule below has a case it must find, a near miss it must not, and an edge case. Inputs
# are real sentences from ``split_sentences`` and hand-built entities and drafts; a claim's
# topic and modality are set by hand to what the claim rule gives such a sentence, so each
# test exercises only the uncertainty rule. ``dated`` defaults to True outside the date rule,
# so the undated-events note does not mix into the other rules' outcomes.

Outcome = tuple[str, list[str], list[str], str]


def mentions(text: str, names: dict[str, str]) -> Entities:
    """Entities whose every name in ``names`` (id -> name) is mentioned wherever it occurs."""
    found: dict[int, list[tuple[str, int]]] = {}
    for sentence in split_sentences(text):
        here = [
            (ident, sentence.start + sentence.text.find(name))
            for ident, name in names.items()
            if name in sentence.text
        ]
        if here:
            found[sentence.number] = sorted(here, key=lambda mention: mention[1])
    return Entities(mentions=found, labels=dict(names))


def claim(
    ident: str,
    sentence: Sentence,
    claimant: str,
    topic: ClaimTopic,
    modality: Modality = "asserted",
    via: str | None = None,
) -> ClaimDraft:
    """A claim as the claim rule builds one: the sentence is its quote and its text."""
    return ClaimDraft(
        id=ident,
        quotes=[quote(sentence)],
        claimant=claimant,
        via=via,
        text=clip(sentence.text, TEXT_MAX),
        topic=topic,
        modality=modality,
        corroboration="none",
    )


def event(ident: str, sentence: Sentence, kind: EventType, date: str | None) -> EventDraft:
    return EventDraft(
        id=ident,
        quotes=[quote(sentence)],
        type=kind,
        description=clip(sentence.text, TEXT_MAX),
        actors=[],
        place=None,
        date=date,
        date_precision="unknown",
        fatalities=[],
    )


def claimed_change(ident: str, sentence: Sentence, place: str) -> ControlChangeDraft:
    return ControlChangeDraft(
        id=ident,
        quotes=[quote(sentence)],
        place=place,
        before=None,
        after=None,
        status="claimed",
        area=None,
    )


def outcome(
    text: str,
    entities: Entities | None = None,
    *,
    events: list[EventDraft] | None = None,
    changes: list[ControlChangeDraft] | None = None,
    claims: list[ClaimDraft] | None = None,
    dated: bool = True,
) -> list[Outcome]:
    """(kind, about, quotes, text) of every uncertainty found; every quote is verbatim."""
    found = find_uncertainties(
        split_sentences(text),
        entities or Entities(),
        LEXICON,
        events=events or [],
        changes=changes or [],
        claims=claims or [],
        dated=dated,
    )
    for item in found:
        assert all(q in text for q in item.quotes)
    return [(u.kind, u.about, u.quotes, u.text) for u in found]


def of_kind(found: list[Outcome], kind: str) -> list[Outcome]:
    return [f for f in found if f[0] == kind]


# Rule 1: hedge words mark the items cited in that sentence as hedged, unverified or missing.

OMDURMAN = (
    "KHARTOUM (AP) — The Rapid Support Forces reportedly shelled the Karari district of "
    "Omdurman on Monday, killing 14 civilians, a doctors' group said.\n"
    "A spokesman for the Rapid Support Forces declined to comment.\n"
    "Share this article\n"
)


def test_a_hedge_marks_the_item_its_sentence_cites_and_falls_back_to_named_parties() -> None:
    first, second, _ = split_sentences(OMDURMAN)
    entities = mentions(OMDURMAN, {"A1": "Rapid Support Forces", "L1": "Omdurman"})
    found = outcome(OMDURMAN, entities, events=[event("E1", first, "shelling", "on Monday")])
    assert found == [
        ("hedged", ["E1"], [first.text], f"Reportedly: {first.text}"),
        ("missing", ["A1"], [second.text], f"Declined to comment: {second.text}"),
    ]


def test_hedge_words_inside_other_words_mark_nothing() -> None:
    text = (
        "Israeli jets struck sites linked to Iran's nuclear programme near Isfahan overnight, "
        "the military said.\n"
        "Smoke rises over Isfahan (Photo: AFP)\n"
        "Share this article\n"
    )
    entities = mentions(text, {"A1": "Israeli jets", "L1": "Isfahan", "A2": "AFP"})
    assert outcome(text, entities) == []


def test_a_hedge_about_nothing_the_article_names_is_no_uncertainty() -> None:
    text = "It was not clear how long the power cut would last.\n"
    assert outcome(text, Entities()) == []


def test_of_two_hedges_in_a_sentence_the_unverified_one_wins_and_is_quoted() -> None:
    text = (
        "In a post on its Telegram channel late on Sunday, the paramilitary group said its "
        "fighters had apparently downed a Sudanese army drone over El Obeid, the capital of "
        "North Kordofan state, a claim that could not be independently verified.\n"
    )
    sentence = split_sentences(text)[0]
    assert len(sentence.text) > QUOTE_MAX
    found = outcome(text, claims=[claim("C1", sentence, "A1", "other")])
    window = (
        "army drone over El Obeid, the capital of North Kordofan state, a claim that could not "
        "be independently verified."
    )
    assert found == [
        (
            "unverified",
            ["C1"],
            [window],
            clip(f"Could not be independently verified: {sentence.text}", TEXT_MAX),
        )
    ]


@pytest.mark.xfail(
    strict=True,
    reason="a wire's own 'could not independently verify' line is tied to the agency it names, "
    "not to the claim it qualifies",
)
def test_a_wire_verification_line_is_about_the_claim_before_it() -> None:
    text = (
        "Rebels said they had killed 40 soldiers in an ambush near Deir ez-Zor. "
        "Reuters could not independently verify the claim.\n"
    )
    first, second = split_sentences(text)
    entities = mentions(text, {"A1": "Rebels", "L1": "Deir ez-Zor", "A2": "Reuters"})
    found = outcome(text, entities, claims=[claim("C1", first, "A1", "casualties")])
    assert of_kind(found, "unverified") == [
        ("unverified", ["C1"], [second.text], f"Could not independently verify: {second.text}")
    ]


@pytest.mark.xfail(
    strict=True, reason="a caption's photo credit agency is counted among the items hedged"
)
def test_a_caption_hedge_is_not_about_the_photo_agency() -> None:
    text = "Smoke rises over Khartoum, reportedly after a Sudanese army air strike (Photo: AFP)\n"
    sentence = split_sentences(text)[0]
    entities = mentions(text, {"L1": "Khartoum", "A1": "Sudanese army", "A2": "AFP"})
    assert outcome(text, entities) == [
        ("hedged", ["A1", "L1"], [sentence.text], f"Reportedly: {sentence.text}")
    ]


@pytest.mark.xfail(strict=True, reason="'Unknown' inside a proper name is read as a missing fact")
def test_unknown_in_a_monument_name_is_not_a_missing_fact() -> None:
    text = "Zelensky laid flowers at the Tomb of the Unknown Soldier in Kyiv on Sunday.\n"
    assert outcome(text, mentions(text, {"L1": "Kyiv"})) == []


# Rule 2: claims resting on unnamed sources (or on one party's figures) are single-source.


def test_a_capture_told_by_an_unnamed_commander_is_single_source_with_its_change() -> None:
    text = (
        "Free Syrian Army rebels captured the village of Tal Malah from government forces on "
        "Thursday, a rebel commander told Reuters on condition of anonymity.\n"
    )
    sentence = split_sentences(text)[0]
    c1 = claim("C1", sentence, "A1", "control", via="Reuters")
    found = outcome(text, claims=[c1], changes=[claimed_change("T1", sentence, "L1")])
    assert found == [
        ("single_source", ["C1", "T1"], [sentence.text], f"Rests on one party's word: {c1.text}")
    ]


def test_a_toll_relayed_from_a_named_governor_still_rests_on_his_word() -> None:
    text = (
        "At least 18 people were killed when a drone hit a market in El Fasher, the governor "
        "of North Darfur told state television, quoted by Reuters.\n"
    )
    sentence = split_sentences(text)[0]
    c1 = claim("C1", sentence, "H1", "casualties", via="Reuters")
    assert outcome(text, claims=[c1]) == [
        ("single_source", ["C1"], [sentence.text], f"Rests on one party's word: {c1.text}")
    ]


def test_a_named_spokesman_is_not_an_unnamed_source() -> None:
    text = (
        "Hamas spokesman Hazem Qassem said the group would not accept any deal that keeps "
        "Israeli troops inside Gaza.\n"
    )
    sentence = split_sentences(text)[0]
    assert outcome(text, claims=[claim("C1", sentence, "H1", "other")]) == []


def test_single_source_notes_are_one_per_party_each_about_its_own_claims() -> None:
    text = (
        "The Syrian Observatory for Human Rights said 23 pro-government fighters were killed. "
        "Rebels also seized two hilltops overlooking the M4 highway, a rebel commander said.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "casualties")
    c2 = claim("C2", second, "A2", "control")
    found = outcome(text, claims=[c1, c2], changes=[claimed_change("T1", second, "L1")])
    assert found == [
        ("single_source", ["C1"], [first.text], f"Rests on one party's word: {c1.text}"),
        ("single_source", ["C2", "T1"], [second.text], f"Rests on one party's word: {c2.text}"),
    ]


@pytest.mark.xfail(strict=True, reason="'an official statement' is read as an unnamed official")
def test_a_ministry_statement_is_not_an_unnamed_source() -> None:
    text = (
        "Iran's foreign ministry said in an official statement that Tehran would respond firmly "
        "to any Israeli attack.\n"
    )
    sentence = split_sentences(text)[0]
    assert outcome(text, claims=[claim("C1", sentence, "A1", "other")]) == []


# Rule 3: two speakers giving different figures on one topic are conflicting figures.


def test_two_speakers_with_different_tolls_are_conflicting_figures() -> None:
    text = (
        "The Syrian Observatory for Human Rights said 35 soldiers were killed in the attack. "
        "State news agency SANA, citing a military source, said 12 soldiers were killed.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "casualties")
    c2 = claim("C2", second, "A2", "casualties", via="SANA")
    assert outcome(text, claims=[c1, c2]) == [
        (
            "conflicting_figures",
            ["C1", "C2"],
            [first.text, second.text],
            clip(f"{c1.text} / {c2.text}", TEXT_MAX),
        )
    ]


def test_one_toll_printed_two_ways_is_no_conflict() -> None:
    text = (
        "The UN humanitarian office said more than 1,200 people had been killed in the city. "
        "Sudan's health ministry said 1200 civilians had died there.\n"
    )
    first, second = split_sentences(text)
    claims = [claim("C1", first, "A1", "casualties"), claim("C2", second, "A2", "casualties")]
    assert outcome(text, claims=claims) == []


def test_different_areas_claimed_for_one_advance_are_conflicting_figures() -> None:
    text = (
        "Ukraine's army said its troops had recaptured 120 square kilometres around Robotyne. "
        "Russia's defence ministry said Ukrainian forces had advanced no more than 15 km.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "control")
    c2 = claim("C2", second, "A2", "control")
    assert outcome(text, claims=[c1, c2]) == [
        (
            "conflicting_figures",
            ["C1", "C2"],
            [first.text, second.text],
            clip(f"{c1.text} / {c2.text}", TEXT_MAX),
        )
    ]


@pytest.mark.xfail(
    strict=True, reason="a year in a claim is compared as if it were a casualty figure"
)
def test_a_year_is_not_a_figure_to_conflict_with() -> None:
    text = (
        "The army said 20 militants were killed in the raid. "
        "Al-Shabaab said it had killed dozens of soldiers, its deadliest attack on the base "
        "since 2019.\n"
    )
    first, second = split_sentences(text)
    claims = [claim("C1", first, "A1", "casualties"), claim("C2", second, "A2", "casualties")]
    assert outcome(text, claims=claims) == []


@pytest.mark.xfail(
    strict=True, reason="only neighbouring claims are compared, so a toll answered later is missed"
)
def test_a_toll_answered_after_another_claim_is_still_conflicting() -> None:
    text = (
        "The Syrian Observatory for Human Rights said 35 soldiers were killed in the attack. "
        "Jaish al-Izza leader Jamil al-Saleh said the group would press on with the offensive. "
        "State news agency SANA said 12 soldiers were killed.\n"
    )
    first, second, third = split_sentences(text)
    c1 = claim("C1", first, "A1", "casualties")
    c3 = claim("C3", third, "A3", "casualties")
    claims = [c1, claim("C2", second, "H1", "other"), c3]
    assert outcome(text, claims=claims) == [
        (
            "conflicting_figures",
            ["C1", "C3"],
            [first.text, third.text],
            clip(f"{c1.text} / {c3.text}", TEXT_MAX),
        )
    ]


# Rule 4: a denial answering another speaker's claim on the topic is a dispute.


def test_a_relayed_denial_of_a_recapture_is_a_dispute() -> None:
    text = (
        "Ukraine's General Staff said its forces had recaptured Klishchiivka, south of Bakhmut. "
        "Russia's defence ministry denied that its troops had withdrawn, TASS reported.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "control")
    c2 = claim("C2", second, "A2", "control", "denied", via="TASS")
    assert outcome(text, claims=[c1, c2]) == [
        ("disputed", ["C1", "C2"], [first.text, second.text], f"{c1.text} / {c2.text}")
    ]


def test_a_denial_on_another_topic_disputes_nothing() -> None:
    text = (
        "The Sudanese army said it had recaptured the state radio building in Omdurman. "
        "The RSF denied responsibility for the shelling of a hospital in El Obeid.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "control")
    c2 = claim("C2", second, "A2", "other", "denied")
    assert outcome(text, claims=[c1, c2]) == [
        ("single_source", ["C1"], [first.text], f"Rests on one party's word: {c1.text}")
    ]


def test_a_denial_with_its_own_figure_is_a_dispute_not_conflicting_figures() -> None:
    text = (
        "The monitor said 40 soldiers were killed in the ambush. "
        "The defence ministry denied the figure, saying 12 soldiers had died.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "casualties")
    c2 = claim("C2", second, "A2", "casualties", "denied")
    assert outcome(text, claims=[c1, c2]) == [
        ("disputed", ["C1", "C2"], [first.text, second.text], f"{c1.text} / {c2.text}")
    ]


@pytest.mark.xfail(
    strict=True, reason="two parties who both deny responsibility are marked as disputing"
)
def test_two_denials_of_one_blast_are_no_dispute_between_the_deniers() -> None:
    text = (
        "Israel's military denied it was responsible for the strike on the Beirut suburb. "
        "Hezbollah also denied responsibility for the blast.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "other", "denied")
    c2 = claim("C2", second, "A2", "other", "denied")
    assert outcome(text, claims=[c1, c2]) == []


@pytest.mark.xfail(
    strict=True,
    reason="a denial naming no topic of its own ('dismissed the report') is not paired "
    "with the claim it answers",
)
def test_a_denial_of_the_report_disputes_the_claim_before_it() -> None:
    text = (
        "Ukrainian forces captured the village of Urozhaine, the General Staff said. "
        "Russia's defence ministry dismissed the report as fake, RIA Novosti said.\n"
    )
    first, second = split_sentences(text)
    c1 = claim("C1", first, "A1", "control")
    c2 = claim("C2", second, "A2", "other", "denied", via="RIA Novosti")
    assert of_kind(outcome(text, claims=[c1, c2]), "disputed") == [
        ("disputed", ["C1", "C2"], [first.text, second.text], f"{c1.text} / {c2.text}")
    ]


# Rule 5: events told only by relative time are undated, unless the article prints its date.

DNIPRO = (
    "Russian missiles struck an apartment block in Dnipro late on Saturday, killing at least "
    "12 people, regional governor Serhiy Lysak said on Telegram.\n"
    "Rescuers search the rubble in Dnipro (Photo: Reuters)\n"
    "Share this article\n"
)


def test_an_event_told_by_weekday_in_an_undated_article_has_no_date() -> None:
    sentence = split_sentences(DNIPRO)[0]
    events = [event("E1", sentence, "shelling", "on Saturday")]
    assert outcome(DNIPRO, events=events, dated=False) == [
        (
            "missing",
            ["E1"],
            [sentence.text],
            "No date is printed for these events (late on Saturday).",
        )
    ]
    assert outcome(DNIPRO, events=events, dated=True) == []


def test_a_weekday_in_a_market_name_is_no_relative_date() -> None:
    text = (
        "Shelling hit the Friday market in Maarat al-Numan, killing 15 people, the civil "
        "defence said.\n"
    )
    sentence = split_sentences(text)[0]
    assert outcome(text, events=[event("E1", sentence, "shelling", None)], dated=False) == []


def test_an_event_dated_with_a_year_is_not_undated_beside_its_weekday() -> None:
    text = "Russian troops crossed into Ukraine from Belarus on Thursday, February 24, 2022.\n"
    sentence = split_sentences(text)[0]
    events = [event("E1", sentence, "strategic_development", "February 24, 2022")]
    assert outcome(text, events=events, dated=False) == []


def test_one_note_lists_every_undated_event_and_quotes_the_relative_time() -> None:
    text = (
        "KYIV, Ukraine (AP) — Emergency crews in the southern city of Zaporizhzhia were still "
        "pulling bodies from the ruins of a five-storey building that was hit by a Russian "
        "missile on Tuesday, the regional administration said.\n"
        "Russian forces first shelled the city's outskirts on March 3, 2024.\n"
        "A drone attack earlier this week cut power to 40,000 homes.\n"
    )
    first, second, third = split_sentences(text)
    assert len(first.text) > QUOTE_MAX
    events = [
        event("E1", first, "shelling", "on Tuesday"),
        event("E2", second, "shelling", "March 3, 2024"),
        event("E3", third, "air_strike", None),
    ]
    window = (
        "from the ruins of a five-storey building that was hit by a Russian missile on Tuesday, "
        "the regional administration said."
    )
    assert outcome(text, events=events, dated=False) == [
        ("missing", ["E1", "E3"], [window], "No date is printed for these events (on Tuesday).")
    ]


@pytest.mark.xfail(
    strict=True, reason="a background event whose sentence prints its year is listed as undated"
)
def test_a_background_event_in_a_year_sentence_is_not_undated() -> None:
    text = (
        "Government forces shelled the Douma suburb on Tuesday, killing nine people, the "
        "civil defence said.\n"
        "In 2016, government forces besieged eastern Aleppo for five months before retaking it.\n"
    )
    first, second = split_sentences(text)
    events = [event("E1", first, "shelling", "on Tuesday"), event("E2", second, "battle", None)]
    assert outcome(text, events=events, dated=False) == [
        ("missing", ["E1"], [first.text], "No date is printed for these events (on Tuesday).")
    ]
