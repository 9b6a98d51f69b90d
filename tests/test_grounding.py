from __future__ import annotations

import itertools

from summarizer.alignment import Aligner
from summarizer.chunking import Partial, merge_partials, split_text
from summarizer.grounding import QuoteFix, QuoteFixes, apply_fixes, ground

from .factories import ARTICLE, draft, draft_dict


def test_every_item_gets_exact_evidence() -> None:
    result = ground(draft(), Aligner(ARTICLE))
    assert result.unresolved == []
    for items in result.sections.lists().values():
        for item in items:
            assert item.grounded
            for e in item.evidence:
                assert e.status == "exact"
                assert ARTICLE[e.start : e.end] == e.quote == e.text


def test_invented_quote_is_kept_marked_and_counted() -> None:
    data = draft_dict()
    data["events"][0]["quotes"] = ["rebels shot down a regime helicopter over the town"]
    result = ground(draft(**data), Aligner(ARTICLE))
    event = result.sections.events[0]
    assert not event.grounded
    assert event.evidence[0].status == "unresolved"
    assert [(p.item_id, p.reason) for p in result.unresolved] == [("E1", "is not in the article")]
    stats = result.stats(reasks=0)
    assert stats.ungrounded == 1 and stats.ungrounded_ids == ["E1"]
    assert stats.items == 9 and stats.grounded == 8


def test_named_items_are_grounded_by_their_names() -> None:
    result = ground(draft(), Aligner(ARTICLE))
    islamic_state = result.sections.actors[1]
    assert [e.text for e in islamic_state.evidence] == ["Islamic State", "IS"]
    assert ARTICLE[islamic_state.evidence[1].start : islamic_state.evidence[1].end] == "IS"


def test_name_not_in_text_is_a_problem_and_the_reask_adds_an_alias() -> None:
    data = draft_dict()
    data["actors"][2]["name"] = "Usud al-Sharqiya Army"
    first = ground(draft(**data), Aligner(ARTICLE))
    assert not first.sections.actors[2].grounded
    assert first.unresolved[0].item_id == "A3"
    fixed = apply_fixes(
        draft(**data),
        QuoteFixes(fixes=[QuoteFix(id="A3", quote="Osoud al Sharqiya")]),
        first.unresolved,
    )
    again = ground(fixed, Aligner(ARTICLE))
    assert again.sections.actors[2].grounded
    assert again.unresolved == []


def test_hyphenated_name_resolves_fuzzily() -> None:
    data = draft_dict()
    data["actors"][2]["name"] = "Osoud al-Sharqiya"
    evidence = ground(draft(**data), Aligner(ARTICLE)).sections.actors[2].evidence
    assert evidence[0].status == "fuzzy"
    assert evidence[0].text == "Osoud al Sharqiya"


def test_reasked_quote_replaces_only_the_failed_one() -> None:
    data = draft_dict()
    data["events"][0]["quotes"] = ["seized Bir Qassab", "an invented sentence about tanks"]
    first = ground(draft(**data), Aligner(ARTICLE))
    fixed = apply_fixes(
        draft(**data),
        QuoteFixes(fixes=[QuoteFix(id="E1", quote="from Islamic State fighters")]),
        first.unresolved,
    )
    assert fixed.events[0].quotes == ["seized Bir Qassab", "from Islamic State fighters"]
    assert ground(fixed, Aligner(ARTICLE)).unresolved == []


def test_merging_one_report_folds_duplicate_actors_and_people_named_like_actors() -> None:
    data = draft_dict()
    data["actors"].append(dict(data["actors"][1], id="A4", name="IS", aliases=[]))
    data["people"].append({"id": "H2", "name": "Daesh", "role": None, "affiliation": None})
    data["claims"][0]["claimant"] = "H2"
    grounding = ground(draft(**data), Aligner(ARTICLE))
    merged = merge_partials([Partial(0, draft(**data), grounding)])
    actors = merged.grounding.sections.actors
    assert [a.id for a in actors] == ["A1", "A2", "A3"]
    assert [e.text for e in actors[1].evidence] == ["Islamic State", "IS", "Daesh"]
    assert [p.id for p in merged.grounding.sections.people] == ["H1"]
    assert merged.grounding.sections.claims[0].claimant == "A2"


def test_split_is_sentence_aware_and_overlapping() -> None:
    text = " ".join(f"Sentence number {i} ends here." for i in range(400))
    chunks = split_text(text, 2000, overlap_chars=200)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk.text) <= 2000
        assert text[chunk.start : chunk.start + len(chunk.text)] == chunk.text
        assert chunk.text.rstrip().endswith(".")
    for a, b in itertools.pairwise(chunks):
        assert b.start < a.start + len(a.text), "chunks overlap"
    assert chunks[-1].start + len(chunks[-1].text) == len(text)


def test_split_leaves_short_text_whole() -> None:
    assert split_text("short.", 2000)[0].text == "short."
    assert len(split_text("x" * 5000, None)) == 1


def test_merge_maps_offsets_to_the_whole_text_and_unifies_actors() -> None:
    filler = " Nothing happened in the desert that day." * 40 + " "
    text = ARTICLE + filler + ARTICLE
    second = len(ARTICLE) + len(filler)
    partials = [
        Partial(start, draft(), ground(draft(), Aligner(text[start : start + len(ARTICLE)])))
        for start in (0, second)
    ]
    merged = merge_partials(partials)
    actors = merged.grounding.sections.actors
    assert [a.name for a in actors] == ["Free Syrian Army", "Islamic State", "Osoud al Sharqiya"]
    assert actors[1].evidence[2].start == second + ARTICLE.index("Islamic State")
    for items in merged.grounding.sections.lists().values():
        for item in items:
            for e in item.evidence:
                assert text[e.start : e.end] == e.text
    events = merged.grounding.sections.events
    assert [e.id for e in events] == ["E1", "E2"]
    assert events[1].actors == ["A1", "A2"] and events[1].place == "L1"
    assert (events[1].evidence[0].start or 0) > second
    assert merged.grounding.sections.uncertainties[1].about == ["T2", "C2"]


def test_fixes_for_items_without_problems_or_breaking_the_schema_are_ignored() -> None:
    data = draft_dict()
    data["people"][0]["name"] = "Talas Salameh Abu Omar"
    problems = ground(draft(**data), Aligner(ARTICLE)).unresolved
    assert [p.item_id for p in problems] == ["H1"]
    fixes = QuoteFixes(
        fixes=[
            QuoteFix(id="A1", quote="Daesh denied losing the town"),
            QuoteFix(
                id="H1",
                quote="Talas al Salameh, commander of Osoud al Sharqiya, said IS "
                "had retreated and that the town was taken after heavy fighting",
            ),
        ]
    )
    fixed = apply_fixes(draft(**data), fixes, problems)
    assert fixed == draft(**data)
