"""Disambiguation: a report's places to gazetteer entries, only where one candidate is right.

Candidates are the gazetteer places that share a folded name (transliteration variants and the
known alias sets of ``summarizer.names``) and lie in a country the article concerns. Then, in
order: the country the place states, the province it states or the article names ("in Homs
province"), the provinces of places already settled; what is left must be a single place, or
one that dwarfs every other (ten times the population). A name whose best-known place lies in
a country the article does not name, and dwarfs every candidate inside, is left alone too (the
article means that place, which it never locates). Anything less stays unresolved:
a missing point costs the analyst less than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..names import alias_sets, known_label, name_key
from ..schema.report import Geo, Place, SituationReport
from .context import areas, article_countries, country_code, generic, used_as_area
from .gazetteer import Entry, Gazetteer, Hit
from .relative import moved, parse_offset

NAMED_KINDS = frozenset(
    {"city", "town", "village", "other", "border_crossing", "camp", "air_base", "military_base"}
)
"""Kinds a populated place can be; regions, provinces, highways and mountains are not looked up."""
DWARFS = 10
_PROVINCE = re.compile(
    r"\b((?:[A-Z][\w'’-]*\s){0,2}[A-Z][\w'’-]*)\s+(?:province|governorate|state|region)\b"
)

Province = tuple[str, str]


def geocode_report(report: SituationReport, gazetteer: Gazetteer) -> SituationReport:
    """The report with ``geo`` set on every place the gazetteer settles."""
    text = report.document.text
    countries = article_countries(text, [p.country for p in report.places])
    provinces = _provinces(gazetteer, _province_names(text, report.places), countries)
    not_settlements = areas(text, [p.admin_area for p in report.places if p.admin_area])
    settled: dict[str, Geo] = {}
    for _ in range(2):  # a second pass may use the provinces the first one settled
        known = provinces | {(g.country, g.admin1) for g in settled.values()}
        for place in report.places:
            if (
                place.id not in settled
                and place.kind in NAMED_KINDS
                and not generic(place.name)
                and name_key(place.name, "place").key not in not_settlements
                and not used_as_area(text, place.name)
            ):
                geo = _by_name(gazetteer, place, place.name, countries, known)
                if geo is not None:
                    settled[place.id] = geo
    for place in report.places:
        if place.id not in settled and place.relative:
            geo = _by_offset(gazetteer, place, countries, provinces)
            if geo is not None:
                settled[place.id] = geo
    places = [p.model_copy(update={"geo": settled.get(p.id)}) for p in report.places]
    return report.model_copy(update={"places": places})


def candidates(gazetteer: Gazetteer, name: str) -> list[Hit]:
    """Gazetteer places under the name or any name of its known alias set."""
    label = known_label(name_key(name, "place"), "place")
    names = [name] + [n for s in alias_sets("place") if s.label == label for n in s.names if label]
    found: dict[int, Hit] = {}
    for each in names:
        for hit in gazetteer.lookup(each):
            if hit.entry.geonames_id not in found or hit.main or hit.exact:
                found[hit.entry.geonames_id] = hit
    return list(found.values())


def choose(
    hits: Sequence[Hit],
    countries: Mapping[str, int],
    *,
    country: str | None = None,
    province: Province | None = None,
    known: set[Province] | None = None,
) -> Hit | None:
    """The one clearly right candidate, or none.

    ``countries`` counts how often the article names each country it concerns; where the
    candidates lie in several, the one named at least twice as often as any other wins.
    """
    pool = [h for h in hits if h.entry.country in countries]
    if country:
        pool = [h for h in pool if h.entry.country == country]
    elif _famous_elsewhere(hits, pool, countries):
        return None
    pool = _main_country(pool, countries)
    if province and len(pool) > 1:
        pool = [h for h in pool if (h.entry.country, h.entry.admin1) == province] or pool
    if len(pool) == 1:
        return pool[0]
    pool = [h for h in pool if h.exact] or pool
    if len(pool) == 1:
        return pool[0]
    inside = [h for h in pool if (h.entry.country, h.entry.admin1) in (known or set())]
    if len(inside) == 1:
        return inside[0]
    ranked = sorted(pool, key=lambda h: h.entry.population, reverse=True)
    if len(ranked) > 1 and ranked[0].entry.population >= DWARFS * max(
        ranked[1].entry.population, 1
    ):
        return ranked[0]
    return None


def _famous_elsewhere(
    hits: Sequence[Hit], pool: Sequence[Hit], countries: Mapping[str, int]
) -> bool:
    """Whether the name's own place lies in a country the article does not name and dwarfs
    every candidate inside: "the Algiers accord" in an article on Mali means Algeria's
    capital, not a hamlet called Algiers in a country the article happens to mention."""
    outside = [
        h.entry.population for h in hits if h.entry.country not in countries and (h.main or h.exact)
    ]
    inside = max((h.entry.population for h in pool), default=0)
    return bool(pool) and bool(outside) and max(outside) >= DWARFS * max(inside, 1)


def _main_country(pool: list[Hit], countries: Mapping[str, int]) -> list[Hit]:
    counts = sorted({countries[h.entry.country] for h in pool}, reverse=True)
    if len(counts) < 2 or counts[0] < 2 * counts[1]:
        return pool
    return [h for h in pool if countries[h.entry.country] == counts[0]]


def _by_name(
    gazetteer: Gazetteer,
    place: Place,
    name: str,
    countries: Mapping[str, int],
    known: set[Province],
) -> Geo | None:
    key = name_key(name, "place")
    if key.generic or not key.key:
        return None
    stated = country_code(place.country) if place.country else None
    if place.country and stated is None:
        return None
    province = _province_of(gazetteer, place.admin_area, countries) if place.admin_area else None
    hit = choose(
        candidates(gazetteer, name), countries, country=stated, province=province, known=known
    )
    return _geo(hit.entry, "name" if hit.main else "alternate name") if hit else None


def _by_offset(
    gazetteer: Gazetteer, place: Place, countries: Mapping[str, int], known: set[Province]
) -> Geo | None:
    offset = parse_offset(place.relative or "")
    if offset is None:
        return None
    hit = choose(candidates(gazetteer, offset.anchor), countries, known=known)
    if hit is None:
        return None
    lat, lon = moved(hit.entry.latitude, hit.entry.longitude, offset)
    return _geo(hit.entry, "relative").model_copy(
        update={
            "latitude": lat,
            "longitude": lon,
            "approximate": True,
            "anchor": offset.anchor,
            "offset_km": offset.km,
            "bearing": offset.bearing,
        }
    )


def _geo(entry: Entry, match: str) -> Geo:
    return Geo.model_validate(
        {
            "geonames_id": entry.geonames_id,
            "latitude": entry.latitude,
            "longitude": entry.longitude,
            "country": entry.country,
            "admin1": entry.admin1,
            "gazetteer_name": entry.name,
            "match": match,
        }
    )


def _province_names(text: str, places: Iterable[Place]) -> list[str]:
    """Provinces the article names ("in Homs province") and those its places state."""
    return [
        *(m[1] for m in _PROVINCE.finditer(text)),
        *(p.admin_area for p in places if p.admin_area),
    ]


def _provinces(
    gazetteer: Gazetteer, names: Iterable[str], countries: Mapping[str, int]
) -> set[Province]:
    return {p for n in names if (p := _province_of(gazetteer, n, countries))}


def _province_of(gazetteer: Gazetteer, name: str, countries: Mapping[str, int]) -> Province | None:
    """A province named after its main city (Homs, Deir ez-Zor): that city's admin1 code."""
    core = re.sub(r"\b(province|governorate|state|region)\b", "", name, flags=re.I).strip()
    hits = [h for h in candidates(gazetteer, core) if h.entry.country in countries]
    if not hits:
        return None
    top = max(hits, key=lambda h: h.entry.population).entry
    return (top.country, top.admin1)
