"""The committed JSON Schema of the situation picture matches the model."""

from __future__ import annotations

from pathlib import Path

from summarizer.picture.schema import SCHEMA_NAME, picture_schema, render, write
from summarizer.resources import data_dir


def test_committed_picture_schema_matches_the_model() -> None:
    committed = (data_dir("schemas") / SCHEMA_NAME).read_text(encoding="utf-8")
    assert committed == render(), (
        f"schemas/{SCHEMA_NAME} is stale: run python -m summarizer.picture.schema"
    )


def test_write_puts_the_schema_in_the_folder_given(tmp_path: Path) -> None:
    assert write(tmp_path).read_text(encoding="utf-8") == render()


def test_schema_names_every_part_of_the_picture() -> None:
    schema = picture_schema()
    assert schema["title"] == "SituationPicture"
    assert {"actors", "places", "timeline", "control", "claims", "conflicts"} <= set(
        schema["properties"]
    )
    assert {"article", "item", "start", "end"} <= set(schema["$defs"]["SourceRef"]["properties"])
