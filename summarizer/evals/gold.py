"""Situation reports made from hand-labelled gold drafts, grounded against their articles.

The program's grounding (``grounding.ground`` with an ``Aligner``) resolves the gold quotes and
names to offsets, exactly as it does for a model's draft, so a gold report has the same shape as
a model's. Used to score the merge on the founding articles and to test it without a model;
it lives with the eval datasets, so the picture package never imports the evals.
"""

from __future__ import annotations

from pathlib import Path

from ..alignment import Aligner
from ..articles import Article
from ..grounding import ground
from ..schema.draft import ReportDraft
from ..schema.report import Document, Provenance, SituationReport
from ..version import installed_version
from .dataset import load_dataset


def report_from_gold(draft: ReportDraft, article: Article) -> SituationReport:
    """A report whose items are the gold draft's, with evidence resolved in ``article``."""
    grounding = ground(draft, Aligner(article.text))
    return SituationReport.model_validate(
        {
            "source": draft.source,
            "summary": draft.summary,
            "takeaways": draft.takeaways,
            **grounding.sections.lists(),
            "grounding": grounding.stats(reasks=0),
            "provenance": Provenance(
                summarizer_version=installed_version(),
                prompt="gold",
                schema_hash="gold",
                model="gold",
                endpoint="gold",
            ),
            "document": Document(
                name=article.name,
                media_type=article.media_type,
                sha256=article.sha256,
                characters=len(article.text),
                text=article.text,
            ),
        }
    )


def gold_reports(folder: Path) -> list[SituationReport]:
    """A report per article of an eval dataset (``articles/`` and ``gold/``), in name order."""
    return [report_from_gold(example.gold, example.article) for example in load_dataset(folder)]
