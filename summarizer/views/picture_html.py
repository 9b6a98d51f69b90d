"""A situation picture as one self-contained HTML page, its articles embedded in the same file,
every item linked to the sentence that states it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from ..picture.model import SituationPicture, SourceRef
from ..picture.refs import short_name
from ..schema.report import SituationReport
from .control_map import control_map
from .html import SegmentView, segment_view
from .spans import Span, by_sentence, segments, sentence_of, sentence_starts
from .templating import render_page, script_json

TEMPLATE = "picture.html.j2"
MAP_CAPTION = (
    "Places the offline gazetteer settled, coloured by the holder in the latest account; a dashed "
    "outline is claimed, a red one contested, a ring an approximate point. Click to mark the words."
)
SECTION_TITLES = {
    "conflicts": "Conflicts and disagreements",
    "timeline": "Timeline",
    "control": "Territorial control over time",
    "actors": "Actors",
    "places": "Places",
    "people": "People",
    "claims": "Claims",
}


@dataclass(frozen=True)
class Cite:
    """A link from a picture item to the words in one article that support it."""

    label: str
    article: str
    start: int | None
    end: int | None
    sentence: str | None
    text: str
    file: str


@dataclass(frozen=True)
class ArticleView:
    """One merged article: its description and, when its report was given, its text by sentence."""

    number: int
    anchor: str
    name: str
    outlet: str
    headline: str
    published: str
    sentences: list[list[SegmentView]] | None


class _Citer:
    """Turns source references into links, knowing each article's number and sentences."""

    def __init__(self, picture: SituationPicture, texts: dict[str, str]) -> None:
        self.numbers = {a.name: n for n, a in enumerate(picture.articles, start=1)}
        self.starts = {name: sentence_starts(text) for name, text in texts.items()}

    def __call__(self, refs: Sequence[SourceRef]) -> list[Cite]:
        """Links for ``refs``; a second span of the same item is labelled ``#4 T1 (2)``."""
        seen: dict[str, int] = {}
        out = []
        for ref in refs:
            link = self.one(ref)
            seen[link.label] = seen.get(link.label, 0) + 1
            if seen[link.label] > 1:
                link = replace(link, label=f"{link.label} ({seen[link.label]})")
            out.append(link)
        return out

    def one(self, ref: SourceRef) -> Cite:
        """The link for one reference."""
        number = self.numbers.get(ref.article, 0)
        starts = self.starts.get(ref.article)
        sentence = None
        if starts is not None and ref.start is not None:
            sentence = f"a{number}-s{sentence_of(ref.start, starts)}"
        return Cite(
            label=f"#{number} {ref.item}",
            article=f"a{number}",
            start=ref.start,
            end=ref.end,
            sentence=sentence,
            text=ref.text or "not found in the text",
            file=short_name(ref.article),
        )


def picture_to_html(picture: SituationPicture, *, reports: Sequence[SituationReport] = ()) -> str:
    """The picture as one HTML file; pass the merged ``reports`` to embed their articles."""
    texts = _texts(picture, reports)
    cite = _Citer(picture, texts)
    names = {e.id: e.name for e in (*picture.actors, *picture.places, *picture.people)}
    cited = list(_cited(picture))
    section_of = {item: section for section, item, _ in cited}
    articles = [
        _article(n, a.name, a.outlet or a.author, a.headline, a.published, texts, cited, section_of)
        for n, a in enumerate(picture.articles, start=1)
    ]
    return render_page(
        TEMPLATE,
        picture=picture,
        title=f"Situation picture from {len(picture.articles)} articles",
        names=names,
        cite=cite,
        articles=articles,
        section_titles=SECTION_TITLES,
        data=script_json({"items": _labels(picture, names)}),
        control_map=(found := control_map(picture, names)),
        geo_map=found.view,
        geo_map_caption=MAP_CAPTION,
    )


def _texts(picture: SituationPicture, reports: Sequence[SituationReport]) -> dict[str, str]:
    """Article texts by name, from the reports whose document is the one the picture cites."""
    wanted = {a.name: a.sha256 for a in picture.articles}
    return {
        r.document.name: r.document.text
        for r in reports
        if wanted.get(r.document.name) == r.document.sha256
    }


def _cited(picture: SituationPicture) -> Iterator[tuple[str, str, SourceRef]]:
    """Every source reference with the picture item and section that cite it."""
    for conflict in picture.conflicts:
        for position in conflict.positions:
            for ref in position.sources:
                yield "conflicts", conflict.id, ref
    for entry in picture.timeline:
        for account in entry.accounts:
            for ref in account.sources:
                yield "timeline", entry.id, ref
    for control in picture.control:
        for change in control.changes:
            for c in change.accounts:
                for ref in c.sources:
                    yield "control", change.id, ref
    for section, entities in (
        ("actors", picture.actors),
        ("places", picture.places),
        ("people", picture.people),
    ):
        for entity in entities:
            for ref in entity.sources:
                yield section, entity.id, ref
    for group in picture.claims:
        for claim in group.claims:
            for ref in claim.sources:
                yield "claims", group.id, ref


def _article(
    number: int,
    name: str,
    outlet: str | None,
    headline: str | None,
    published: str | None,
    texts: dict[str, str],
    cited: list[tuple[str, str, SourceRef]],
    section_of: dict[str, str],
) -> ArticleView:
    text = texts.get(name)
    sentences = None
    if text is not None:
        spans = [
            Span(ref.start, ref.end, item)
            for _, item, ref in cited
            if ref.article == name and ref.start is not None and ref.end is not None
        ]
        starts = sentence_starts(text)
        groups = by_sentence(segments(text, spans, starts), starts)
        sentences = [[segment_view(seg, section_of) for seg in group] for group in groups]
    return ArticleView(
        number=number,
        anchor=f"a{number}",
        name=short_name(name),
        outlet=outlet or "unknown outlet",
        headline=headline or "",
        published=published or "date not printed",
        sentences=sentences,
    )


def _labels(picture: SituationPicture, names: dict[str, str]) -> dict[str, dict[str, str]]:
    """A one-line label per picture item, for the page's hover list."""
    labels: dict[str, str] = {}
    for c in picture.conflicts:
        labels[c.id] = f"{c.id} conflict: {c.about}"
    for e in picture.timeline:
        where = names.get(e.place or "", "place unknown")
        labels[e.id] = f"{e.id} {e.when.date or 'undated'} {e.type.replace('_', ' ')} at {where}"
    for p in picture.control:
        for change in p.changes:
            after = names.get(change.after or "", "nobody named")
            labels[change.id] = f"{change.id} control of {p.name}: {after} ({change.status})"
    for kind, entities in (("actor", picture.actors), ("place", picture.places)):
        for entity in entities:
            labels[entity.id] = f"{entity.id} {kind}: {entity.name}"
    for person in picture.people:
        labels[person.id] = f"{person.id} person: {person.name}"
    for g in picture.claims:
        labels[g.id] = f"{g.id} claims: {g.about}"
    return {item: {"label": label} for item, label in labels.items()}
