"""``python -m summarizer``: the ``summarize`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
