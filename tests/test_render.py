"""Markdown rendering details that the recorded CLI tests do not pin down."""

from __future__ import annotations

from summarizer.render import _quote
from summarizer.report import Evidence


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
