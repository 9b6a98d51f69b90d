"""Typed, source-grounded situation reports on conflict reporting, from any OpenAI-compatible
model or a packaged local one."""

__version__ = "0.1.0"

from .api import Summarizer, asummarize, summarize, summarize_many
from .articles import Article
from .config import Settings, resolve_settings
from .errors import (
    AuthenticationError,
    BackendError,
    ConfigurationError,
    ExtractionError,
    InputError,
    ModelUnavailableError,
    OutputError,
    PromptError,
    SummarizerError,
)
from .results import Result
from .schema.draft import ReportDraft
from .schema.report import (
    Actor,
    Claim,
    ControlChange,
    Document,
    Event,
    Evidence,
    GroundingStats,
    Person,
    Place,
    Provenance,
    SituationReport,
    Uncertainty,
    Usage,
)
from .views import to_csv, to_html, to_markdown

__all__ = [
    "Actor",
    "Article",
    "AuthenticationError",
    "BackendError",
    "Claim",
    "ConfigurationError",
    "ControlChange",
    "Document",
    "Event",
    "Evidence",
    "ExtractionError",
    "GroundingStats",
    "InputError",
    "ModelUnavailableError",
    "OutputError",
    "Person",
    "Place",
    "PromptError",
    "Provenance",
    "ReportDraft",
    "Result",
    "Settings",
    "SituationReport",
    "Summarizer",
    "SummarizerError",
    "Uncertainty",
    "Usage",
    "__version__",
    "asummarize",
    "resolve_settings",
    "summarize",
    "summarize_many",
    "to_csv",
    "to_html",
    "to_markdown",
]
