"""Source references and per-article facts shared by every stage of the merge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..schema.report import Grounded, SituationReport
from .dates import published_date
from .model import ArticleRef, SourceRef

RECENT = timedelta(days=31)


def short_name(article: str) -> str:
    """An article's file name without folders."""
    return article.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class Refs:
    """Turns report items into source references; knows each report's article."""

    reports: Sequence[SituationReport]
    _published: dict[int, date | None] = field(default_factory=dict)

    def article(self, r: int) -> str:
        """The document name of report ``r``."""
        return self.reports[r].document.name

    def short(self, r: int) -> str:
        """Report ``r``'s article file name, for explanations."""
        return short_name(self.article(r))

    def published(self, r: int) -> date | None:
        """Report ``r``'s publication date when printed to the day."""
        if r not in self._published:
            self._published[r] = published_date(self.reports[r].source)
        return self._published[r]

    def voice(self, r: int) -> str:
        """Who speaks when the article states something itself: outlet, wire or file name."""
        source = self.reports[r].source
        return f"{source.outlet or source.author or self.short(r)} (the article)"

    def of(self, r: int, item: Grounded) -> list[SourceRef]:
        """Every piece of the item's evidence as a reference; an unresolved one has no offsets."""
        document = self.reports[r].document
        refs = [
            SourceRef(
                article=document.name,
                sha256=document.sha256,
                item=item.id,
                start=e.start,
                end=e.end,
                text=e.text,
                status=e.status,
            )
            for e in item.evidence
        ]
        if not refs:
            refs.append(
                SourceRef(
                    article=document.name, sha256=document.sha256, item=item.id, status="unresolved"
                )
            )
        return refs

    def articles(self) -> list[ArticleRef]:
        """Every merged article, in input order."""
        return [
            ArticleRef(
                name=report.document.name,
                sha256=report.document.sha256,
                outlet=report.source.outlet,
                headline=report.source.headline,
                author=report.source.author,
                published=report.source.published,
                date_precision=report.source.date_precision,
            )
            for report in self.reports
        ]


def spans(item: Grounded) -> list[tuple[int, int]]:
    """The item's resolved evidence spans."""
    return [(e.start, e.end) for e in item.evidence if e.start is not None and e.end is not None]


def overlaps(first: Grounded, second: Grounded) -> bool:
    """Whether two items of one report rest on overlapping stretches of the article."""
    return any(a < d and c < b for a, b in spans(first) for c, d in spans(second))
