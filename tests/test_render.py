"""Markdown rendering details that the recorded CLI tests do not pin down."""

from __future__ import annotations

from summarizer.articles import from_text
from summarizer.evals.gold import report_from_gold
from summarizer.schema.report import Evidence
from summarizer.views.markdown import _quote, to_markdown

from .factories import ARTICLE, draft


def test_markdown_keeps_each_quote_on_one_line() -> None:
    e = Evidence(
        quote="in the area. IS had",
        status="fuzzy",
        start=3,
        end=25,
        text="in the area.\n\n“(IS) had",
        score=0.8,
    )
    assert _quote(e) == "“in the area. “(IS) had” [3:25, fuzzy]"


def test_every_reference_shows_what_it_points_at_once() -> None:
    report = report_from_gold(draft(), from_text(ARTICLE))
    markdown = to_markdown(report)
    assert "(about control of Bir Qassab [T1], IS did not lose the town [C1]) [U1]" in markdown
    assert "[T1] [T1]" not in markdown and "T1 [T1]" not in markdown
    assert "**Bir Qassab [L1]**: Islamic State [A2] → Free Syrian Army [A1]" in markdown
