"""Small hand-built drafts for unit tests (not model output)."""

from __future__ import annotations

from typing import Any

from summarizer.schema.draft import ReportDraft

ARTICLE = (
    "AMMAN: Syrian rebels of the Free Syrian Army seized Bir Qassab from Islamic State fighters, "
    "a rebel commander said. Talas al Salameh, commander of Osoud al Sharqiya, said IS had "
    "retreated. Daesh denied losing the town."
)


def draft_dict(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": {
            "outlet": None,
            "headline": None,
            "author": None,
            "dateline": "AMMAN",
            "published": None,
            "date_precision": "unknown",
        },
        "summary": "Rebels took Bir Qassab from IS, according to a rebel commander.",
        "takeaways": ["Rebels took Bir Qassab", "IS denies it", "Single partisan source"],
        "actors": [
            {
                "id": "A1",
                "name": "Free Syrian Army",
                "aliases": [],
                "type": "rebel_group",
                "member_of": None,
                "backers": [],
            },
            {
                "id": "A2",
                "name": "Islamic State",
                "aliases": ["IS", "Daesh"],
                "type": "political_militia",
                "member_of": None,
                "backers": [],
            },
            {
                "id": "A3",
                "name": "Osoud al Sharqiya",
                "aliases": [],
                "type": "rebel_group",
                "member_of": "A1",
                "backers": [],
            },
        ],
        "people": [
            {"id": "H1", "name": "Talas al Salameh", "role": "commander", "affiliation": "A3"},
        ],
        "places": [
            {
                "id": "L1",
                "name": "Bir Qassab",
                "kind": "town",
                "admin_area": None,
                "country": None,
                "relative": None,
            },
        ],
        "events": [
            {
                "id": "E1",
                "quotes": ["seized Bir Qassab from Islamic State fighters"],
                "type": "non_state_actor_overtakes_territory",
                "description": "Rebels take the town",
                "actors": ["A1", "A2"],
                "place": "L1",
                "date": None,
                "date_precision": "unknown",
                "fatalities": [],
            },
        ],
        "control_changes": [
            {
                "id": "T1",
                "quotes": ["seized Bir Qassab from Islamic State fighters"],
                "place": "L1",
                "before": "A2",
                "after": "A1",
                "status": "claimed",
                "area": None,
            },
        ],
        "claims": [
            {
                "id": "C1",
                "quotes": ["Daesh denied losing the town"],
                "claimant": "A2",
                "via": None,
                "text": "IS did not lose the town",
                "topic": "control",
                "modality": "denied",
                "corroboration": "contradicted",
            },
        ],
        "uncertainties": [
            {
                "id": "U1",
                "quotes": ["a rebel commander said"],
                "kind": "single_source",
                "text": "Only a rebel source",
                "about": ["T1", "C1"],
            },
        ],
    }
    data.update(overrides)
    return data


def draft(**overrides: Any) -> ReportDraft:
    return ReportDraft.model_validate(draft_dict(**overrides))
