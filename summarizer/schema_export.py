"""The JSON Schemas committed in ``schemas/``, generated from the models: the one exporter.

``python -m summarizer.schema_export`` rewrites every one of them; a test fails when any
drifts from its model.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .picture.model import SituationPicture
from .resources import data_dir
from .schema.draft import ReportDraft
from .schema.report import SituationReport

SCHEMAS: dict[str, type[BaseModel]] = {
    "situation_report.schema.json": SituationReport,
    "report_draft.schema.json": ReportDraft,
    "situation_picture.schema.json": SituationPicture,
}


def report_schema() -> dict[str, object]:
    """The JSON Schema of :class:`SituationReport`."""
    return SituationReport.model_json_schema()


def render(name: str) -> str:
    """The committed text of one schema file."""
    return json.dumps(SCHEMAS[name].model_json_schema(), indent=2, sort_keys=True) + "\n"


def write_all(folder: Path | None = None) -> list[Path]:
    """Rewrite every schema file (in the package's ``schemas/`` unless ``folder``); their paths."""
    target = folder or data_dir("schemas")
    for name in SCHEMAS:
        (target / name).write_text(render(name), encoding="utf-8")
    return [target / name for name in SCHEMAS]


if __name__ == "__main__":
    for written in write_all():
        print(f"wrote {written}")
