"""The built wheel carries prompts/ and schemas/ and runs from a fresh virtual environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from summarizer.schema_export import report_schema

from .conftest import ROOT


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        check=True,
        capture_output=True,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )


def test_installed_wheel_runs_summarize_schema(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT)
    (wheel,) = dist.glob("summarizer-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel)
    # Dependencies come from this environment; the package itself only from the wheel
    # (this environment's editable install is a .pth file, which PYTHONPATH does not read).
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    schema = run(venv / "bin" / "summarize", "schema", cwd=tmp_path, env=env).stdout
    assert json.loads(schema) == report_schema()
    probe = run(
        venv / "bin" / "python",
        "-c",
        "import summarizer, summarizer.resources as r, summarizer.prompts as p;"
        "print(summarizer.__file__); print(r.data_dir('prompts')); print(r.data_dir('schemas'));"
        "print(p.load_prompt('report').ident)",
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    site = str(venv)
    assert probe[0].startswith(site)
    assert probe[1].startswith(site) and probe[1].endswith("summarizer/_data/prompts")
    assert probe[2].startswith(site) and probe[2].endswith("summarizer/_data/schemas")
    assert probe[3].startswith("report@v")
