"""Source, summary and takeaways read off the article's shape, with no model call.

The headline is a short first line without a full stop; the dateline is the capitalised place
before a dash at the start of a paragraph ("AMMAN (Reuters) -"); a byline starts with "By";
a publication date is filled only when one with a year is printed near the top. The summary
is the lede (the first full sentence of the body) and the takeaways are the next sentences
that report something, so every word of them is the article's own.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from ..schema.draft import Source
from .entities import Entities
from .evidence import NAME_MAX, TEXT_MAX, clip
from .lexicon import Lexicon, alternation
from .text import HEADLINE_MAX, Sentence

_DATELINE = re.compile(
    r"^([A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Z][a-z]+)?\s*(?:\(([^)]{2,30})\))?\s*[-–—]"
)
_BYLINE = re.compile(r"^By\s+([A-Z][\w.' -]{2,58})$", re.MULTILINE)


@cache
def _printed_date(lexicon: Lexicon) -> re.Pattern[str]:
    """A date with a year as an article prints it: "6 June 2024", "June 6, 2024", "2024-06-06"."""
    months = alternation(lexicon.months)
    return re.compile(
        rf"\b(\d{{1,2}}\s+{months}\s+\d{{4}}|{months}\s+\d{{1,2}},?\s+\d{{4}}|"
        r"\d{4}-\d{2}-\d{2})\b"
    )


_FORMATS = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%Y-%m-%d")
SUMMARY_MIN = 60
SUMMARY_MAX = 400
TOP = 600


def read_source(
    text: str, sentences: list[Sentence], entities: Entities, lexicon: Lexicon
) -> Source:
    """What the article says about itself."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    short = lines and len(lines[0]) < HEADLINE_MAX
    headline = lines[0] if short and not lines[0].endswith(".") else None
    dateline = wire = None
    for sentence in sentences[:6]:
        found = _DATELINE.match(sentence.text)
        if found:
            dateline, wire = found.group(1).strip().title(), found.group(2)
            break
    byline = _BYLINE.search(text[:TOP])
    published = _published(text[:TOP], lexicon)
    media = [a.name for a in entities.actors if a.type == "media"]
    return Source(
        outlet=clip(media[0], NAME_MAX) if media and wire is None else None,
        headline=clip(headline, TEXT_MAX) if headline else None,
        author=clip(wire or (byline.group(1) if byline else ""), NAME_MAX) or None,
        dateline=clip(dateline, NAME_MAX) if dateline else None,
        published=published,
        date_precision="day" if published else "unknown",
    )


def _published(top: str, lexicon: Lexicon) -> str | None:
    found = _printed_date(lexicon).search(top)
    if found is None:
        return None
    raw = " ".join(found.group(1).split())
    for layout in _FORMATS:
        try:
            return datetime.strptime(raw, layout).date().isoformat()
        except ValueError:
            continue
    return None


def _whole(text: str) -> str:
    """``text`` as one line if it fits a takeaway, else cut at a word with an ellipsis."""
    folded = " ".join(text.split())
    return folded if len(folded) <= TEXT_MAX else clip(folded, TEXT_MAX - 1) + "…"


def summary_and_takeaways(sentences: list[Sentence], entities: Entities) -> tuple[str, list[str]]:
    """The lede as the summary and the next three reporting sentences as takeaways."""
    body = [
        s
        for s in sentences
        if len(s.text) >= SUMMARY_MIN
        and s.text.rstrip().endswith((".", "”", '"'))
        and entities.mentions.get(s.number)
    ]
    if not body:
        body = [s for s in sentences if len(s.text) >= 20] or sentences
    summary = clip(body[0].text, SUMMARY_MAX) if body else "No article text."
    if len(summary) < 20:
        summary = (summary + " (the article is very short)")[:SUMMARY_MAX]
    # Whole sentences: those that fit first, in the article's order; a longer one is cut
    # at a word and marked as cut.
    rest = body[1:]
    whole = [s for s in rest if len(" ".join(s.text.split())) <= TEXT_MAX][:3]
    chosen = sorted(whole or rest[:3], key=lambda s: s.number)
    takeaways = [_whole(s.text) for s in chosen]
    while len(takeaways) < 3:
        takeaways.append(clip(body[0].text, TEXT_MAX) if body else summary)
    return summary, takeaways
