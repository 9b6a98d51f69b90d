"""The built wheel carries prompts/, schemas/ and templates/ and runs from a fresh virtual
environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from summarizer.articles import from_text
from summarizer.evals.gold import report_from_gold
from summarizer.schema_export import report_schema

from .conftest import ROOT
from .factories import ARTICLE, draft


def run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(a) for a in args]
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=cwd, env=env)


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
    # The HTML view renders from the installed templates, style and script inlined.
    report = tmp_path / "report.json"
    report.write_text(report_from_gold(draft(), from_text(ARTICLE)).model_dump_json())
    page = run(
        venv / "bin" / "python",
        "-c",
        "import sys, summarizer, summarizer.resources as r; from pathlib import Path;"
        "print(r.data_dir('templates'));"
        "rep = summarizer.SituationReport.model_validate_json(Path(sys.argv[1]).read_text());"
        "print(summarizer.to_html(rep))",
        report,
        cwd=tmp_path,
        env=env,
    ).stdout
    templates, html = page.split("\n", 1)
    assert templates.startswith(site) and templates.endswith("summarizer/_data/templates")
    assert html.startswith("<!doctype html>")
    assert 'class="seg sec-people" data-items="H1"' in html
    assert "--actors:" in html and "selectItem" in html
