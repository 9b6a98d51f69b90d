"""The committed JSON Schema of :class:`SituationPicture`, generated from the model.

``python -m summarizer.picture.schema`` rewrites ``schemas/situation_picture.schema.json``; a
test fails when the committed file drifts from the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..resources import data_dir
from .model import SituationPicture

SCHEMA_NAME = "situation_picture.schema.json"


def picture_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`SituationPicture`."""
    return SituationPicture.model_json_schema()


def render() -> str:
    """The committed text of the schema file."""
    return json.dumps(picture_schema(), indent=2, sort_keys=True) + "\n"


def write(folder: Path | None = None) -> Path:
    """Rewrite the schema file (in the package's ``schemas/`` unless ``folder``); its path."""
    path = (folder or data_dir("schemas")) / SCHEMA_NAME
    path.write_text(render(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")
