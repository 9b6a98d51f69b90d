"""How every ``summarize`` command talks to the console: one policy for usage, errors, logging.

A bad command line (argparse's or a command's own check) and a configuration that cannot work
(a bad flag value, a missing model file, a missing extra) are one line, ``PROG: error: ...``,
on stderr and exit status 2; ``--help`` and ``--version`` exit 0; an interrupt exits 130.
Never a traceback. Warnings go to stderr, every step too with ``-v``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from ..errors import ConfigurationError

INTERRUPTED = 130


class UsageError(Exception):
    """A bad command line: reported as one line with exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that raises :class:`UsageError` instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def run(
    parser: argparse.ArgumentParser,
    argv: Sequence[str],
    command: Callable[[argparse.Namespace], int],
) -> int:
    """Parse ``argv`` and run ``command`` under the policy above; the exit status."""
    prog = parser.prog
    try:
        args = parser.parse_args(list(argv))
    except UsageError as err:
        return usage(prog, str(err))
    except SystemExit as done:  # --help or --version has printed
        return done.code if isinstance(done.code, int) else 0
    configure_logging(getattr(args, "verbose", False))
    try:
        return command(args)
    except (UsageError, ConfigurationError) as err:
        return usage(prog, str(err))
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return INTERRUPTED


def usage(prog: str, message: str) -> int:
    """Report a usage or configuration error; the exit status 2."""
    error(prog, message)
    return 2


def error(prog: str, message: str) -> None:
    """One line on stderr, ``PROG: error: MESSAGE``, whatever newlines the message held."""
    print(f"{prog}: error: {' '.join(message.split())}", file=sys.stderr)


def configure_logging(verbose: bool) -> None:
    """Warnings (or every step with -v) on stderr; instructor's retry chatter only with -v."""
    had_handlers = bool(logging.root.handlers)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not had_handlers and not verbose:
        # instructor logs every failed call at ERROR; the commands report each failure once.
        for handler in logging.root.handlers:
            handler.addFilter(lambda record: not record.name.startswith("instructor"))


class ModelProgress:
    """Shows the one-time assembly of the local model file, every tenth."""

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // total
        if tenth != self.shown:
            self.shown = tenth
            print(
                f"preparing the local model (first run only): {tenth * 10}% of "
                f"{total / 1e9:.1f} GB",
                file=sys.stderr,
            )
