"""The embedded default, for real: the packaged model summarizes a founding article, unreplayed.

This runs the model on the CPU (about one to two minutes on 2 cores) and needs the ``local``
extra, which the README's test command installs.
"""

from __future__ import annotations

import importlib.util

import pytest

from summarizer import SituationReport, Summarizer

from .conftest import founding_articles

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None,
        reason="needs the local extra: pip install -e '.[local]'",
    ),
]


@pytest.mark.usefixtures("user_cache")
def test_embedded_default_summarizes_a_founding_article() -> None:
    summarizer = Summarizer()
    assert summarizer.settings.local, "no endpoint configured, so the local model is used"
    article = founding_articles()[0]
    report = summarizer.summarize(article)
    SituationReport.model_validate_json(report.model_dump_json())
    assert report.provenance.endpoint == "local"
    assert report.provenance.usage.completion_tokens > 0
    grounded = [
        item
        for section in (report.actors, report.places, report.events, report.claims)
        for item in section
        if item.grounded
    ]
    assert len(grounded) >= 3
    for item in grounded:
        for e in item.evidence:
            if e.start is not None:
                assert report.document.text[e.start : e.end] == e.text
