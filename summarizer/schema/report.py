"""The report callers receive: draft items plus resolved evidence, grounding counts, provenance."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from .draft import (
    ActorDraft,
    AlignmentStatus,
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    PersonDraft,
    PlaceDraft,
    Source,
    UncertaintyDraft,
)
from .ids import SECTION_NAMES


class Evidence(BaseModel):
    """One quote the model gave, resolved by the program to offsets in the document text.

    ``text`` is the document's own characters at ``[start, end)``; it differs from ``quote``
    when the match was normalised or fuzzy. Unresolved quotes have no offsets.
    """

    model_config = ConfigDict(extra="forbid")

    quote: str
    status: AlignmentStatus
    start: int | None = None
    end: int | None = None
    text: str | None = None
    score: float = Field(ge=0.0, le=1.0, description="share of the quote's tokens matched")


class Grounded(BaseModel):
    """What the program adds to every item: resolved evidence and the item's alignment."""

    id: str
    evidence: list[Evidence] = Field(default_factory=list)
    grounded: bool = Field(default=False, description="at least one quote resolved")
    confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="the model's calibrated probability that the item is right as stated; "
        "absent where the endpoint gives no probabilities",
    )


class Actor(ActorDraft, Grounded):
    """An actor with resolved evidence."""


class Person(PersonDraft, Grounded):
    """A person with resolved evidence."""


GeoMatch = Literal["name", "alternate name", "relative"]
"""How a place was found in the gazetteer: its main name, another of its names, or an anchor."""


class Geo(BaseModel):
    """Where a place is, from the offline gazetteer, and how the program decided.

    A relative place ("35 km northeast of Palmyra") keeps its anchor and offset; its point is
    the anchor moved by the offset and is marked approximate.
    """

    model_config = ConfigDict(extra="forbid")

    geonames_id: int = Field(description="the GeoNames id of the place, or of the anchor")
    latitude: float = Field(ge=-90.0, le=90.0)
    longitude: float = Field(ge=-180.0, le=180.0)
    country: str = Field(description="ISO 3166-1 alpha-2 code")
    admin1: str = Field(description="GeoNames admin1 code within the country")
    gazetteer_name: str
    match: GeoMatch
    approximate: bool = Field(default=False, description="the point is an anchor plus offset")
    anchor: str | None = Field(default=None, description="the reference place, as written")
    offset_km: float | None = Field(default=None, ge=0.0)
    bearing: str | None = Field(default=None, description="compass direction from the anchor")


class Place(PlaceDraft, Grounded):
    """A place with resolved evidence, and where it is when the gazetteer settles it."""

    geo: Geo | None = Field(default=None, description="set by geocoding; absent when unresolved")


class Event(EventDraft, Grounded):
    """An event with resolved evidence."""


class ControlChange(ControlChangeDraft, Grounded):
    """A territorial control change with resolved evidence."""


class Claim(ClaimDraft, Grounded):
    """An attributed claim with resolved evidence."""


class Uncertainty(UncertaintyDraft, Grounded):
    """An uncertainty with resolved evidence."""


class ReportHead(BaseModel):
    """What a report says about its article as a whole: where it comes from and its gist."""

    source: Source
    summary: str
    takeaways: list[str]


class ReportSections(BaseModel):
    """A report's items section by section, as grounding and merging hand them on."""

    actors: list[Actor]
    people: list[Person]
    places: list[Place]
    events: list[Event]
    control_changes: list[ControlChange]
    claims: list[Claim]
    uncertainties: list[Uncertainty]

    def lists(self) -> dict[str, list[Grounded]]:
        """Every section's items by section name, for code that treats the sections alike."""
        return {name: getattr(self, name) for name in SECTION_NAMES}


GROUNDED: dict[str, type[Grounded]] = {
    name: get_args(field.annotation)[0] for name, field in ReportSections.model_fields.items()
}
"""The item class of each section, from :class:`ReportSections`."""


class GroundingStats(BaseModel):
    """How much of the report is tied to the text."""

    items: int = 0
    grounded: int = 0
    ungrounded: int = 0
    ungrounded_ids: list[str] = Field(default_factory=list)
    quotes: int = 0
    by_status: dict[str, int] = Field(default_factory=dict)
    reasks: int = Field(default=0, description="re-asks spent on unresolved quotes")


class Usage(BaseModel):
    """Token counts summed over every call made for the report."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Provenance(BaseModel):
    """How the report was made, enough to reproduce or cache it."""

    summarizer_version: str
    prompt: str = Field(description="template name and version")
    rules: str = Field(
        default="",
        description="fingerprint of the rule code, word lists, questions and alias sets",
    )
    schema_hash: str
    model: str
    endpoint: str = Field(description="local, or the OpenAI-compatible base URL's kind")
    base_url: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    usage: Usage = Field(default_factory=Usage)
    attempts: int = Field(default=1, description="model calls made, re-asks included")
    chunks: int = 1
    latency_s: float = 0.0


class Document(BaseModel):
    """The text the model saw; every offset in the report refers to ``text``."""

    name: str
    media_type: str
    sha256: str
    characters: int
    text: str


# Pydantic orders fields from the last base to the first: head, sections, then these.
class SituationReport(ReportSections, ReportHead):
    """A typed situation report on one article, every item tied to its evidence."""

    model_config = ConfigDict(extra="forbid")

    grounding: GroundingStats
    provenance: Provenance
    document: Document
