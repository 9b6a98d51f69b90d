"""Geocoding scores: report places' GeoNames ids against the hand labels in ``geo.json``.

``geo.json`` beside a dataset's gold gives, for each gold place, the GeoNames id a reader chose
from the article and the gazetteer, or null where the gazetteer does not hold the place. A
report place is judged through the gold place of the same name (folded as the matcher folds
names): the right id is a true positive, any other id (or an id for a place the gazetteer lacks)
a false positive; a labelled gold place without the right id in the report is a false negative.
Points marked approximate (an anchor plus an offset) are counted apart, not judged. Any point in
a country the article does not name (nor its gold places state) is counted as foreign.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import BaseModel, Field, computed_field

from ..geo import available, gazetteer, geocode_report
from ..geo.context import article_countries
from ..names import name_key
from ..schema.report import Place, SituationReport
from .dataset import Example
from .gold import report_from_gold

GEO_LABELS = "geo.json"


class GeoScore(BaseModel):
    """Precision and recall of geocoding over the places the gazetteer holds."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    foreign: int = Field(default=0, description="points in a country the article does not concern")
    approximate: int = Field(default=0, description="relative places given an anchor's offset")
    unjudged: int = Field(default=0, description="geocoded places with no gold place of the name")
    errors: list[str] = Field(default_factory=list, description="wrong ids and misses, named")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def __add__(self, other: GeoScore) -> GeoScore:
        return GeoScore(
            tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn,
            foreign=self.foreign + other.foreign, approximate=self.approximate + other.approximate,
            unjudged=self.unjudged + other.unjudged, errors=self.errors + other.errors,
        )  # fmt: skip


class GeoScores(BaseModel):
    """Geocoding on the run's predictions and on the gold reports' own places."""

    predictions: GeoScore
    gold_places: GeoScore


def load_labels(dataset_dir: Path) -> dict[str, dict[str, dict[str, object]]] | None:
    """The dataset's ``geo.json`` places, or None when it has none."""
    path = dataset_dir / GEO_LABELS
    if not path.is_file():
        return None
    data: dict[str, dict[str, dict[str, object]]] = json.loads(path.read_text("utf-8"))["places"]
    return data


def score_places(
    name: str,
    places: Iterable[Place],
    labels: Mapping[str, Mapping[str, object]],
    countries: set[str],
) -> GeoScore:
    """One report's places against one article's labels."""
    by_key: dict[str, int | None] = {}
    shown: dict[str, str] = {}
    for label in labels.values():
        gid, key = label.get("geonames_id"), _key(str(label["name"]))
        by_key.setdefault(key, gid if isinstance(gid, int) else None)
        shown.setdefault(key, str(label["name"]))
    score, found = GeoScore(), set()
    for place in places:
        geo = place.geo
        if geo is None:
            continue
        if geo.country not in countries:
            score.foreign += 1
        if geo.approximate:
            score.approximate += 1
            continue
        key = _key(place.name)
        if key not in by_key:
            score.unjudged += 1
        elif by_key[key] == geo.geonames_id:
            score.tp += 1
            found.add(key)
        else:
            score.fp += 1
            score.errors.append(
                f"{name}: {place.name} placed at {geo.gazetteer_name} "
                f"({geo.country}, {geo.geonames_id}), labelled {by_key[key]}"
            )
    for key, gid in by_key.items():
        if gid is not None and key not in found:
            score.fn += 1
            score.errors.append(f"{name}: {shown[key]} not placed (labelled {gid})")
    return score


def score_geo(
    dataset_dir: Path, examples: Iterable[Example], predictions: Mapping[str, SituationReport]
) -> GeoScores | None:
    """Geocode the predictions and the gold reports, and score both; None without labels."""
    labels = load_labels(dataset_dir)
    if labels is None or not available():
        return None
    places = gazetteer()
    predicted, oracle = GeoScore(), GeoScore()
    for example in examples:
        own = labels.get(Path(example.name).stem, {})
        gold = report_from_gold(example.gold, example.article)
        countries = set(article_countries(gold.document.text, [p.country for p in gold.places]))
        oracle += score_places(example.name, geocode_report(gold, places).places, own, countries)
        report = predictions.get(example.name)
        found = geocode_report(report, places).places if report is not None else []
        predicted += score_places(example.name, found, own, countries)
    return GeoScores(predictions=predicted, gold_places=oracle)


def _key(name: str) -> str:
    return name_key(name, "place").key
