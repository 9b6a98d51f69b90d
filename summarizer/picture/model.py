"""The situation picture: many reports merged into one, every item pointing back to its articles.

Ids are the picture's own: ``PA`` actors, ``PL`` places, ``PH`` people, ``PE`` timeline entries,
``PT`` control entries, ``PC`` claim groups, ``PX`` conflicts. Every statement keeps its
:class:`SourceRef`: the article (``document.name``), the item id in that article's report, and
character offsets into that report's ``document.text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schema.draft import (
    ActorType,
    AlignmentStatus,
    ClaimTopic,
    ControlStatus,
    Corroboration,
    DatePrecision,
    EventType,
    Modality,
    PlaceKind,
)
from ..schema.report import Geo

EntityKind = Literal["actor", "place", "person"]
ConflictKind = Literal["figures", "casualties", "control", "contradiction"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Model):
    """Where one statement is written: article, report item and character offsets."""

    article: str = Field(description="document name of the report the item came from")
    sha256: str = Field(description="sha256 of that document's text")
    item: str = Field(description="id of the item in that article's report, e.g. T5")
    start: int | None = None
    end: int | None = None
    text: str | None = Field(default=None, description="the article's characters at [start, end)")
    status: AlignmentStatus


class ArticleRef(_Model):
    """One merged article, as its report describes it."""

    name: str
    sha256: str
    outlet: str | None
    headline: str | None
    author: str | None
    published: str | None
    date_precision: DatePrecision


class Mention(_Model):
    """One report entry folded into a unified entity."""

    article: str
    item: str
    name: str
    aliases: list[str] = Field(default_factory=list)


class Entity(_Model):
    """A party, place or person unified across articles, with why its names were judged the same."""

    id: str
    name: str = Field(description="canonical name: the one most entries use")
    aliases: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    why: list[str] = Field(default_factory=list, description="why entries were merged")
    sources: list[SourceRef] = Field(default_factory=list)


class PictureActor(Entity):
    """A party unified across articles; ``member_of`` holds unified ids of its umbrellas."""

    type: ActorType
    types: list[ActorType] = Field(default_factory=list)
    member_of: list[str] = Field(default_factory=list)
    backers: list[str] = Field(default_factory=list)


class PicturePlace(Entity):
    """A place unified across articles."""

    kind: PlaceKind
    kinds: list[PlaceKind] = Field(default_factory=list)
    admin_areas: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    relative: list[str] = Field(default_factory=list)
    geo: Geo | None = Field(
        default=None, description="the point the articles agree on; absent when they differ"
    )


class PicturePerson(Entity):
    """A named person unified across articles; affiliations are unified actor ids."""

    roles: list[str] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)


class When(_Model):
    """A date with its precision and range, and how it was obtained; never invented."""

    date: str | None = Field(description="YYYY-MM-DD (day, or a week's first day), YYYY-MM, YYYY")
    precision: DatePrecision
    earliest: str | None = None
    latest: str | None = None
    basis: str = Field(description="as given, resolved against the publication date, or why not")


class Fatality(_Model):
    """Deaths for one side as a range; ``who`` is a unified actor id, civilians or unknown."""

    who: str
    low: int | None
    best: int | None
    high: int | None


class EventAccount(_Model):
    """One article's account of an event."""

    article: str
    item: str
    description: str
    date_as_written: str | None
    fatalities: list[Fatality] = Field(default_factory=list)
    sources: list[SourceRef]


class TimelineEntry(_Model):
    """An event on the timeline; accounts from several articles when date, type and place agree."""

    id: str
    type: EventType
    when: When
    place: str | None
    actors: list[str] = Field(default_factory=list)
    accounts: list[EventAccount]


class Figure(_Model):
    """A number read from a statement, with its unit and hedge, as written."""

    value: float
    unit: str = Field(description="sq km, km, mi, sq mi, ha, or count")
    qualifier: str | None = Field(default=None, description="over, more than, nearly, ...")
    text: str


class ControlAccount(_Model):
    """One article's statement of a control change and who makes it."""

    article: str
    item: str
    status: ControlStatus
    who: str = Field(description="claimant, or the article itself when it states it as fact")
    area: str | None = None
    figure: Figure | None = None
    sources: list[SourceRef]


class ControlEntry(_Model):
    """Who held a place before and after, with every article that states or claims it."""

    id: str
    before: list[str] = Field(default_factory=list)
    after: str | None
    status: ControlStatus = Field(
        description="contested if any account is, else assessed, else claimed"
    )
    when: When
    as_of: list[str] = Field(default_factory=list, description="publication dates of the accounts")
    accounts: list[ControlAccount]


class PlaceControl(_Model):
    """Control of one place over time."""

    place: str
    name: str
    changes: list[ControlEntry]


class PictureClaim(_Model):
    """One attributed statement, kept with its claimant and sources; never promoted to fact."""

    article: str
    item: str
    claimant: str = Field(description="unified actor or person id")
    claimant_name: str
    via: str | None
    text: str
    modality: Modality
    corroboration: Corroboration
    figures: list[Figure] = Field(default_factory=list)
    sources: list[SourceRef]


class ClaimGroup(_Model):
    """Claims about the same thing: one topic and the same place, else the same actors."""

    id: str
    topic: ClaimTopic
    about: str
    places: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    claims: list[PictureClaim]
    conflicts: list[str] = Field(default_factory=list)


class Position(_Model):
    """One side of a disagreement: who says what, where it is written."""

    who: str
    says: str
    figure: Figure | None = None
    article: str
    items: list[str]
    sources: list[SourceRef]


class Conflict(_Model):
    """A disagreement shown side by side, never averaged away."""

    id: str
    kind: ConflictKind
    about: str
    places: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    positions: list[Position]
    why: str


class MergeProposal(_Model):
    """A suggestion that entities may be one; the picture never merges on a proposal."""

    kind: EntityKind
    ids: list[str]
    names: list[str]
    reason: str
    by: str = Field(description="rule, or the name of the proposing function")


class RefusedMerge(_Model):
    """Names that matched but were kept apart, and why."""

    kind: EntityKind
    names: list[str]
    reason: str


class SituationPicture(_Model):
    """One picture of the situation from many situation reports."""

    articles: list[ArticleRef]
    actors: list[PictureActor]
    places: list[PicturePlace]
    people: list[PicturePerson]
    timeline: list[TimelineEntry]
    control: list[PlaceControl]
    claims: list[ClaimGroup]
    conflicts: list[Conflict]
    proposals: list[MergeProposal] = Field(default_factory=list)
    refused: list[RefusedMerge] = Field(default_factory=list)
