"""Geocoding cost: building the gazetteer index once, then the time per report and the memory.

    python benchmarks/bench_geo.py [--rebuild]

Geocodes every gold report of the founding, dev and dev2 sets (their places as hand-labelled)
and prints the index build time (with ``--rebuild``, into a temporary folder), the time to open
the index, the time per report (mean and worst, after a first warm-up report) and the process's
peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.evals.gold import gold_reports  # noqa: E402
from summarizer.geo import gazetteer, geocode_report  # noqa: E402

SETS = ("founding", "dev", "dev2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="time a fresh index build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        places = gazetteer(Path(tmp) if args.rebuild else None)
        print(
            f"index {'built' if args.rebuild else 'opened'}: {time.perf_counter() - started:.2f} s"
        )
        print(f"index file: {places.path.stat().st_size / 2**20:.0f} MB")
        reports = [r for name in SETS if (ROOT / "evals" / name).is_dir()
                   for r in gold_reports(ROOT / "evals" / name)]  # fmt: skip
        geocode_report(reports[0], places)
        times = []
        for report in reports:
            started = time.perf_counter()
            geocode_report(report, places)
            times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(reports)} reports, {sum(len(r.places) for r in reports)} places: "
        f"{statistics.mean(times) * 1000:.0f} ms per report (worst {max(times) * 1000:.0f} ms)"
    )
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
