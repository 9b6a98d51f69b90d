"""Read articles: plain text, Markdown or HTML, from a path, a directory, stdin or a string.

HTML is reduced to its main text with trafilatura; that extracted text is what the model sees
and what every offset in the report refers to. Bytes are decoded as UTF-8 when they are, else
by charset detection (windows-1256 Arabic, Latin-1), and binary files are refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
COMMON_ENCODINGS = ("cp1252", "cp1256", "cp1251", "cp1253", "cp1254", "cp1255", "latin_1")
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


@dataclass(frozen=True)
class Article:
    """One input's text, ready for the model."""

    name: str
    text: str
    media_type: str = "text/plain"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def from_text(text: str, *, name: str = "<text>", media_type: str = "text/plain") -> Article:
    """An article from a string; HTML is extracted, blank text refused."""
    if media_type == "text/html":
        text = extract_html(text, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: no article text (the input is empty or whitespace)")
    return Article(name=name, text=text, media_type=media_type)


def from_bytes(data: bytes, *, name: str, suffix: str = "") -> Article:
    """An article from raw bytes, with encoding and format detected."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16").encode("utf-8")
    if not data.strip():
        raise InputError(f"{name}: no article text (the input is empty or whitespace)")
    if _looks_binary(data):
        raise InputError(f"{name}: binary data, not text (expected .txt, .md or .html)")
    text = decode(data, name)
    is_html = suffix in {".html", ".htm", ".xhtml"} or (
        suffix not in {".txt", ".text", ".md", ".markdown"} and _HTML_SNIFF.match(data[:512])
    )
    kind = (
        "text/html"
        if is_html
        else "text/markdown"
        if suffix in {".md", ".markdown"}
        else ("text/plain")
    )
    return from_text(text, name=name, media_type=kind)


def from_path(path: Path) -> Article:
    """An article from a file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; expand it with expand_paths()") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from err
    return from_bytes(data, name=str(path), suffix=path.suffix.lower())


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named, plus the text-like files inside any directory named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TEXT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) when valid, else the detected encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes as detect

    # The common legacy code pages first: unrestricted detection mistakes short Latin-1 text
    # for Central European cp1250.
    best = detect(data, cp_isolation=list(COMMON_ENCODINGS)).best() or detect(data).best()
    if best is None:
        raise InputError(f"{name}: cannot tell the text encoding; save it as UTF-8")
    return str(best)


def extract_html(html: str, name: str) -> str:
    """The main text of an HTML page."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    if not text or not text.strip():
        raise InputError(f"{name}: HTML with no article text found")
    return str(text)


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05
