from __future__ import annotations

from summarizer.alignment import Aligner
from summarizer.chunking import merge_partials, Partial, split_text
from summarizer.grounding import QuoteFix, QuoteFixes, apply_fixes, ground

from .factories import ARTICLE, draft, draft_dict


def test_every_item_gets_exact_evidence() -> None:
    result = ground(draft(), Aligner(ARTICLE))
    assert result.unresolved == []
    for items in result.sections.values():
        for item in items:
            assert item.grounded
            for e in item.evidence:
                assert e.status == "exact"
                assert ARTICLE[e.start : e.end] == e.quote == e.text


def test_invented_quote_is_kept_marked_and_counted() -> None:
    data = draft_dict()
    data["events"][0]["quotes"] = ["rebels shot down a regime helicopter over the town"]
    result = ground(draft(**data), Aligner(ARTICLE))
    event = result.sections["events"][0]
    assert not event.grounded
    assert event.evidence[0].status == "unresolved"
    assert [(p.item_id, p.reason) for p in result.unresolved] == [("E1", "is not in the article")]
    stats = result.stats(reasks=0)
    assert stats.ungrounded == 1 and stats.ungrounded_ids == ["E1"]
    assert stats.items == 9 and stats.grounded == 8


def test_quote_that_does_not_name_the_actor_fails() -> None:
    data = draft_dict()
    data["actors"][1]["quotes"] = ["Syrian rebels of the Free Syrian Army"]
    result = ground(draft(**data), Aligner(ARTICLE))
    assert not result.sections["actors"][1].grounded
    assert result.unresolved[0].reason == "does not name Islamic State"


def test_alias_counts_as_naming() -> None:
    data = draft_dict()
    data["actors"][1]["quotes"] = ["Daesh denied losing the town"]
    result = ground(draft(**data), Aligner(ARTICLE))
    assert result.sections["actors"][1].grounded


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
    data["actors"].append(dict(data["actors"][1], id="A4", quotes=["IS had retreated"]))
    data["people"].append(
        {"id": "H2", "name": "Daesh", "role": None, "affiliation": None,
         "quotes": ["Daesh denied losing the town"]}
    )
    data["claims"][0]["claimant"] = "H2"
    grounding = ground(draft(**data), Aligner(ARTICLE))
    merged = merge_partials([Partial(0, draft(**data), grounding)])
    actors = merged.grounding.sections["actors"]
    assert [a.id for a in actors] == ["A1", "A2", "A3"]
    assert len(actors[1].evidence) == 3
    assert [p.id for p in merged.grounding.sections["people"]] == ["H1"]
    assert merged.grounding.sections["claims"][0].claimant == "A2"


def test_split_is_sentence_aware_and_overlapping() -> None:
    text = " ".join(f"Sentence number {i} ends here." for i in range(400))
    chunks = split_text(text, 2000, overlap_chars=200)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk.text) <= 2000
        assert text[chunk.start : chunk.start + len(chunk.text)] == chunk.text
        assert chunk.text.rstrip().endswith(".")
    for a, b in zip(chunks, chunks[1:]):
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
    actors = merged.grounding.sections["actors"]
    assert [a.name for a in actors] == ["Free Syrian Army", "Islamic State", "Osoud al Sharqiya"]
    assert actors[1].evidence[1].start == second + ARTICLE.index("from Islamic State fighters")
    for items in merged.grounding.sections.values():
        for item in items:
            for e in item.evidence:
                assert text[e.start : e.end] == e.text
    events = merged.grounding.sections["events"]
    assert [e.id for e in events] == ["E1", "E2"]
    assert events[1].actors == ["A1", "A2"] and events[1].place == "L1"
    assert (events[1].evidence[0].start or 0) > second
    assert merged.grounding.sections["uncertainties"][1].about == ["T2", "C2"]
