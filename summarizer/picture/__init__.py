"""One situation picture from many situation reports: unified actors and places, a timeline,
control over time, grouped claims and the disagreements between sources, each tied to its
articles' offsets."""

from __future__ import annotations

from .build import MergeCandidate, Propose, build_picture
from .model import SituationPicture
from .score import PictureScore, score_picture

__all__ = [
    "MergeCandidate",
    "PictureScore",
    "Propose",
    "SituationPicture",
    "build_picture",
    "score_picture",
]
