"""The report as one self-contained HTML page: the article with every evidence span highlighted
beside the report, each item linked to the words it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..schema.report import (
    Actor,
    Claim,
    ControlChange,
    Event,
    Geo,
    Grounded,
    Person,
    Place,
    SituationReport,
    Uncertainty,
)
from .geomap import Marker, map_view
from .labels import SECTION_SINGULAR, SECTION_TITLES, death_range, report_names, words
from .spans import Segment, Span, segments
from .templating import render_page, script_json

TEMPLATE = "report.html.j2"
MAP_CAPTION = (
    "Places the offline gazetteer settled; a ring is an approximate point (an offset from an "
    "anchor). Click a place to mark its words in the article."
)
LABEL_CHARS = 110


@dataclass(frozen=True)
class Part:
    """Text in an item's detail line; ``ref`` makes it a link to that item."""

    text: str
    ref: str | None = None


@dataclass(frozen=True)
class Detail:
    """One labelled line of an item."""

    label: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class QuoteView:
    """One evidence quote: the article's own characters, or the quote that was not found."""

    text: str
    start: int | None
    end: int | None
    status: str


@dataclass(frozen=True)
class ItemView:
    """One report item as the page shows it."""

    id: str
    section: str
    title: str
    badges: tuple[str, ...]
    details: tuple[Detail, ...]
    quotes: tuple[QuoteView, ...]
    grounded: bool
    confidence: float | None = None

    @property
    def unsure(self) -> bool:
        """Shown faded: the model's confidence in the item is below an even chance."""
        return self.confidence is not None and self.confidence < UNSURE_BELOW


UNSURE_BELOW = 0.5


@dataclass(frozen=True)
class SegmentView:
    """A run of article text and the items citing it, with the colours that show them."""

    text: str
    start: int
    end: int
    items: tuple[str, ...]
    sections: tuple[str, ...]
    style: str = ""


@dataclass
class _Names:
    names: dict[str, str]

    def ref(self, ref: str | None) -> tuple[Part, ...]:
        if ref is None:
            return (Part("unknown"),)
        return (Part(self.names.get(ref, ref), ref),)

    def refs(self, refs: Sequence[str]) -> tuple[Part, ...]:
        out: list[Part] = []
        for i, ref in enumerate(refs):
            if i:
                out.append(Part(", "))
            out.extend(self.ref(ref))
        return tuple(out) or (Part("none named"),)


def to_html(report: SituationReport) -> str:
    """The report as one HTML file: no network, inline style and script, printable."""
    names = _Names(report_names(report))
    sections = [
        (name, title, [_item(name, i, names) for i in getattr(report, name)])
        for name, title in SECTION_TITLES.items()
    ]
    section_of = {item.id: name for name, _, items in sections for item in items}
    segs = [segment_view(s, section_of) for s in segments(report.document.text, _spans(report))]
    labels = {
        item.id: {
            "label": _clip(f"{item.id} {SECTION_SINGULAR[name]}: {item.title}"),
            "section": name,
        }
        for name, _, items in sections
        for item in items
    }
    return render_page(
        TEMPLATE,
        report=report,
        title=report.source.headline or report.document.name,
        sections=sections,
        segments=segs,
        section_titles=SECTION_TITLES,
        data=script_json({"items": labels}),
        geo_map=map_view(_markers(report)),
        geo_map_caption=MAP_CAPTION,
    )


def _markers(report: SituationReport) -> list[Marker]:
    """The report's geocoded places; a relative place is drawn as an approximate ring."""
    return [
        Marker(p.id, p.name, p.geo, title=_place_title(p.name, p.geo))
        for p in report.places
        if p.geo is not None
    ]


def _place_title(name: str, geo: Geo) -> str:
    where = f"{geo.gazetteer_name}, {geo.country} (GeoNames {geo.geonames_id})"
    if geo.approximate:
        return f"{name}: about {geo.offset_km:g} km {geo.bearing} of {geo.anchor}, near {where}"
    return f"{name}: {where}"


def _spans(report: SituationReport) -> list[Span]:
    return [
        Span(e.start, e.end, item.id)
        for name in SECTION_TITLES
        for item in getattr(report, name)
        for e in item.evidence
        if e.start is not None and e.end is not None
    ]


def segment_view(seg: Segment, section_of: dict[str, str]) -> SegmentView:
    """A segment with the colours of every section citing it, as bands when several do."""
    sections = tuple(dict.fromkeys(section_of[i] for i in seg.items))
    style = ""
    if len(sections) > 1:
        # Hard-edged bands, one per section, so every section citing the words shows.
        band = 100 / len(sections)
        stops = ", ".join(
            f"var(--{s.replace('_', '-')}) {i * band:.0f}% {(i + 1) * band:.0f}%"
            for i, s in enumerate(sections)
        )
        style = f"background-image: linear-gradient(to bottom, {stops})"
    return SegmentView(seg.text, seg.start, seg.end, seg.items, sections, style)


def _item(section: str, item: Any, names: _Names) -> ItemView:
    title, badges, details = _describe(item, names)
    return ItemView(
        id=item.id,
        section=section,
        title=title,
        badges=badges,
        details=tuple(d for d in details if d.parts),
        quotes=_quotes(item),
        grounded=item.grounded,
        confidence=item.confidence,
    )


def _quotes(item: Grounded) -> tuple[QuoteView, ...]:
    return tuple(
        QuoteView(e.text if e.text is not None else e.quote, e.start, e.end, e.status)
        for e in item.evidence
    )


def _describe(item: Any, n: _Names) -> tuple[str, tuple[str, ...], list[Detail]]:
    """Title, badges and detail lines of one item, by its kind."""
    if isinstance(item, Actor):
        return (
            item.name,
            (words(item.type),),
            [
                Detail("Also called", _texts(item.aliases)),
                Detail("Part of", n.ref(item.member_of) if item.member_of else ()),
                Detail("Backed by", _texts(item.backers)),
            ],
        )
    if isinstance(item, Person):
        return (
            item.name,
            (),
            [
                Detail("Role", _texts([item.role] if item.role else [])),
                Detail("Affiliation", n.ref(item.affiliation) if item.affiliation else ()),
            ],
        )
    if isinstance(item, Place):
        return (
            item.name,
            (words(item.kind),),
            [
                Detail("Where", _texts([item.relative] if item.relative else [])),
                Detail("Admin area", _texts([item.admin_area] if item.admin_area else [])),
                Detail("Country", _texts([item.country] if item.country else [])),
            ],
        )
    if isinstance(item, Event):
        deaths: list[Part] = []
        for f in item.fatalities:
            deaths += [Part("; ")] if deaths else []
            who = n.ref(f.who) if f.who.startswith("A") else (Part(f.who),)
            deaths += [*who, Part(f": {death_range(f.low, f.best, f.high)} killed")]
        return (
            item.description,
            (words(item.type),),
            [
                Detail("When", (Part(f"{item.date or 'date unknown'} ({item.date_precision})"),)),
                Detail("Where", n.ref(item.place) if item.place else (Part("place unknown"),)),
                Detail("Actors", n.refs(item.actors)),
                Detail("Fatalities", tuple(deaths)),
            ],
        )
    if isinstance(item, ControlChange):
        return (
            f"{n.names.get(item.place, item.place)}: "
            f"{n.names.get(item.before or '', 'unknown')} → "
            f"{n.names.get(item.after or '', 'unknown')}",
            (item.status,),
            [
                Detail("Place", n.ref(item.place)),
                Detail("Held before by", n.ref(item.before)),
                Detail("Held after by", n.ref(item.after)),
                Detail("Area", _texts([item.area] if item.area else [])),
            ],
        )
    if isinstance(item, Claim):
        return (
            item.text,
            ("claim", item.modality),
            [
                Detail("Claimant", n.ref(item.claimant)),
                Detail("Relayed by", _texts([item.via] if item.via else [])),
                Detail("Topic", (Part(words(item.topic)),)),
                Detail("Corroboration", (Part(item.corroboration),)),
            ],
        )
    if isinstance(item, Uncertainty):
        return (item.text, (words(item.kind),), [Detail("About", n.refs(item.about))])
    raise TypeError(f"no view for {type(item).__name__}")


def _texts(values: Sequence[str]) -> tuple[Part, ...]:
    return (Part(", ".join(values)),) if values else ()


def _clip(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
