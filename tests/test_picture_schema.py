"""The situation picture's JSON Schema names every part of the picture."""

from __future__ import annotations

from summarizer.picture.model import SituationPicture


def test_schema_names_every_part_of_the_picture() -> None:
    schema = SituationPicture.model_json_schema()
    assert schema["title"] == "SituationPicture"
    assert {"actors", "places", "timeline", "control", "claims", "conflicts"} <= set(
        schema["properties"]
    )
    assert {"article", "item", "start", "end"} <= set(schema["$defs"]["SourceRef"]["properties"])
