"""Known alias sets: names the field uses for one party or place that no spelling rule links.

Each set is matched on folded keys (see ``names``), so "Daesh" and "Da'esh" both hit the IS set.
A set is a strong link: its names join across articles even when generic on their own
("regime forces"). Two sets never merge into one entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .model import EntityKind
from .names import NameKey, name_key


@dataclass(frozen=True)
class AliasSet:
    """Names of one party or place, and the label a merge explanation shows."""

    label: str
    names: tuple[str, ...]


ACTOR_SETS = (
    AliasSet(
        "IS/ISIS/Daesh/Islamic State",
        (
            "Islamic State",
            "IS",
            "ISIS",
            "ISIL",
            "Daesh",
            "Daish",
            "Islamic State group",
            "Islamic State of Iraq and Syria",
            "Islamic State in Iraq and Syria",
            "Islamic State of Iraq and the Levant",
            "داعش",
            "الدولة الإسلامية",
            "تنظيم الدولة",
        ),
    ),
    AliasSet("FSA/Free Syrian Army", ("Free Syrian Army", "FSA", "الجيش السوري الحر")),
    AliasSet(
        "SDF/Syrian Democratic Forces",
        ("Syrian Democratic Forces", "SDF", "QSD", "قوات سوريا الديمقراطية"),
    ),
    AliasSet(
        "Syrian government forces/Syrian army/SAA/regime forces",
        (
            "Syrian government forces",
            "Syrian Arab Army",
            "SAA",
            "Syrian army",
            "Syrian troops",
            "Syrian regime",
            "Syrian regime forces",
            "Assad regime",
            "regime forces",
            "Syrian government troops",
            "Assad forces",
            "الجيش العربي السوري",
            "قوات النظام",
        ),
    ),
    AliasSet(
        "US-led coalition/Operation Inherent Resolve",
        (
            "US-led coalition",
            "American-led coalition",
            "US coalition",
            "international coalition",
            "Global Coalition",
            "Operation Inherent Resolve",
            "CJTF-OIR",
            "التحالف الدولي",
        ),
    ),
    AliasSet(
        "US military/US forces/US army/CENTCOM",
        (
            "US military",
            "US forces",
            "US army",
            "US troops",
            "US armed forces",
            "American forces",
            "American military",
            "American military forces",
            "United States military",
            "CENTCOM",
            "US Central Command",
        ),
    ),
    AliasSet(
        "SOHR/Syrian Observatory for Human Rights",
        ("Syrian Observatory for Human Rights", "SOHR", "المرصد السوري لحقوق الإنسان"),
    ),
    AliasSet("YPG/People's Protection Units", ("YPG", "People's Protection Units", "Kurdish YPG")),
    AliasSet(
        "MaT/Maghawir al-Thawra",
        ("Maghawir al-Thawra", "Maghawir a-Thawra", "MaT", "Revolutionary Commando Army"),
    ),
    AliasSet("New Syria Army/New Syrian Army", ("New Syria Army", "New Syrian Army")),
)

PLACE_SETS = (
    AliasSet(
        "Badia/Syrian Desert",
        (
            "Badia",
            "Syrian Badia",
            "Syrian Desert",
            "Badiat al-Sham",
            "Badiya",
            "Syrian steppe",
            "البادية",
            "بادية الشام",
            "البادية السورية",
        ),
    ),
    AliasSet("Deir ez-Zor/دير الزور", ("Deir ez-Zor", "Dayr az-Zawr", "دير الزور")),
    AliasSet("Al Bukamal/Abu Kamal", ("Al Bukamal", "Abu Kamal", "Albu Kamal", "البوكمال")),
    AliasSet("Al Tanf/At Tanf", ("Al Tanf", "التنف")),
    AliasSet("Palmyra/Tadmur", ("Palmyra", "Tadmur", "Tadmor", "تدمر")),
    AliasSet("Raqqa/الرقة", ("Raqqa", "Raqqah", "الرقة")),
    AliasSet("Damascus/Dimashq", ("Damascus", "Dimashq", "دمشق")),
)

SETS: dict[EntityKind, tuple[AliasSet, ...]] = {
    "actor": ACTOR_SETS,
    "place": PLACE_SETS,
    "person": (),
}


def known_label(key: NameKey, kind: EntityKind) -> str | None:
    """The label of the known set this name belongs to, by its key or its key without
    words like "fighters" ("IS fighters" is IS)."""
    index = _index(kind)
    return index.get(key.key) or index.get(key.core)


@cache
def _index(kind: EntityKind) -> dict[str, str]:
    return {name_key(name, kind).key: s.label for s in SETS[kind] for name in s.names}
