"""The JSON Schemas committed in ``schemas/``, generated from the models.

``python -m summarizer.schema_export`` rewrites them; a test fails when they drift.
"""

from __future__ import annotations

import json
from typing import Any

from .models import ReportDraft
from .report import SituationReport
from .resources import data_dir

SCHEMAS: dict[str, Any] = {
    "situation_report.schema.json": SituationReport,
    "report_draft.schema.json": ReportDraft,
}


def report_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`SituationReport`."""
    return SituationReport.model_json_schema()


def render(name: str) -> str:
    """The committed text of one schema file."""
    return json.dumps(SCHEMAS[name].model_json_schema(), indent=2, sort_keys=True) + "\n"


def write_all() -> list[str]:
    """Rewrite every schema file; returns the names written."""
    folder = data_dir("schemas")
    for name in SCHEMAS:
        (folder / name).write_text(render(name), encoding="utf-8")
    return list(SCHEMAS)


if __name__ == "__main__":
    for written in write_all():
        print(f"wrote schemas/{written}")
