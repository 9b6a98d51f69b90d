"""Load the HTML templates from ``templates/`` and render them with escaping always on.

CSS and JavaScript live beside the templates as plain files and are inlined at render time, so
a page is one self-contained file. The page's Content-Security-Policy allows no network at all
and runs only the inlined script, named by its hash: even a payload that slipped past escaping
could not execute or load anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from ..resources import data_dir

STYLE = "view.css"
SCRIPT = "view.js"
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """One Jinja environment over the templates folder; every value is HTML-escaped."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(data_dir("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """The text of a CSS or JavaScript file from the templates folder."""
    return (data_dir("templates") / name).read_text(encoding="utf-8")


def script_json(data: Any) -> Markup:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)


def content_policy(script: str) -> str:
    """A policy that forbids every fetch and runs only ``script``, the page's own code."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def render_page(template: str, **context: Any) -> str:
    """Render ``template`` with the shared stylesheet and script inlined."""
    script = asset(SCRIPT)
    return (
        environment()
        .get_template(template)
        .render(
            style=Markup(asset(STYLE)),
            script=Markup(script),
            policy=content_policy(script),
            **context,
        )
    )
