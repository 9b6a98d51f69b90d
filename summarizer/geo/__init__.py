"""Geocoding: report places to GeoNames points from an offline gazetteer (the ``geo`` extra).

``gazetteer`` builds and queries the cached index, ``context`` finds the countries an article
concerns, ``relative`` handles "N km <direction> of <place>", and ``resolve`` decides. It runs
after extraction, never calls a model, and leaves a report untouched when the extra is absent.
"""

from __future__ import annotations

from ..schema.report import SituationReport
from .gazetteer import Gazetteer, available, gazetteer
from .resolve import geocode_report

__all__ = ["Gazetteer", "available", "gazetteer", "geocode", "geocode_report"]


def geocode(report: SituationReport) -> SituationReport:
    """The report with its places geocoded when the ``geo`` extra is installed, else as is."""
    if not available():
        return report
    return geocode_report(report, gazetteer())
