from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.resources import data_dir
from summarizer.schema.draft import ReportDraft
from summarizer.schema.outline import sketch
from summarizer.schema_export import SCHEMAS, render, write_all


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_models(name: str) -> None:
    committed = (data_dir("schemas") / name).read_text(encoding="utf-8")
    assert committed == render(name), (
        f"schemas/{name} is stale: run python -m summarizer.schema_export"
    )


def test_write_all_puts_every_schema_in_the_folder_given(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(SCHEMAS)
    assert all(p.read_text(encoding="utf-8") == render(p.name) for p in written)


def test_draft_schema_bounds_every_list_and_string() -> None:
    """A small model must not be able to run away inside any list or free string."""
    schema = ReportDraft.model_json_schema()

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "array":
                assert "maxItems" in node, f"unbounded list at {path}"
            if node.get("type") == "string" and "enum" not in node:
                assert "maxLength" in node or "pattern" in node, f"unbounded string at {path}"
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(schema, "#")


def test_sketch_names_every_field_and_enum() -> None:
    schema = ReportDraft.model_json_schema()
    outline = sketch(schema)
    for definition in schema["$defs"].values():
        for field in definition.get("properties", {}):
            assert f"{field}:" in outline
    assert "state_forces|rebel_group" in outline
    assert "claimant: A1/H1" in outline
    assert len(outline) < len(json.dumps(schema)) / 3
