"""Uncertainties the staged pipeline finds by rule: an undated event is an uncertainty only
where the article prints no date of its own to read "on Tuesday" against."""

from __future__ import annotations

import pytest

from summarizer.schema.draft import EventDraft
from summarizer.staged.entities import Entities
from summarizer.staged.lexicon import load_lexicon
from summarizer.staged.text import split_sentences
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
