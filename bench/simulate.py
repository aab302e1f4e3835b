"""Deterministic simulation of a school under faults (a long check, not a timing benchmark).

Each seed is one run: the real ledger app in-process, three offices with SQLite replicas,
five terminals and a parent portal, random operations of every command type, and lost,
duplicated and delayed requests, ledger restarts, office crashes, clock skew, nights and
daylight-saving changes. Invariants are checked during and after every run. Prints each
seed as it finishes, then operations and faults by kind, and the seeds that failed.

Usage: ``.venv/bin/python bench/simulate.py --seed S --operations N`` for one run, or
``--seeds 1-20 --operations 50000 --jobs 2`` for many (``make simulate-long``).
A failing seed replays exactly with ``--seed S --operations N``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from office_app.simulation.run import Report, simulate


def run_seed(seed: int, operations: int, check_every: int) -> tuple[Report, float]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"simulation-{seed}-") as folder:
        report = simulate(seed, operations, Path(folder), check_every=check_every)
    return report, time.perf_counter() - started


def seeds_from(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, help="one seed")
    parser.add_argument("--seeds", default="1", help="a range of seeds, e.g. 1-20")
    parser.add_argument("--operations", type=int, default=10_000, help="operations per seed")
    parser.add_argument("--check-every", type=int, default=5_000, help="operations between checks")
    parser.add_argument("--jobs", type=int, default=1, help="seeds run at the same time")
    args = parser.parse_args()
    seeds = [args.seed] if args.seed is not None else seeds_from(args.seeds)
    finished: list[Report] = []
    started = time.perf_counter()
    pool = ProcessPoolExecutor(max_workers=args.jobs)
    try:
        futures = [pool.submit(run_seed, seed, args.operations, args.check_every) for seed in seeds]
        for future in as_completed(futures):
            report, seconds = future.result()
            finished.append(report)
            print_seed(report, seconds)
    except KeyboardInterrupt:
        print(f"\nstopped after {len(finished)} of {len(seeds)} seeds", flush=True)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return summarise(finished, time.perf_counter() - started, args.operations)


def print_seed(report: Report, seconds: float) -> None:
    faults = ", ".join(f"{name} {count}" for name, count in sorted(report.faults.items()))
    print(
        f"seed {report.seed}: {report.total} operations in {seconds:.0f} s, "
        f"{report.checks} checks, {len(report.violations)} violations, "
        f"digest {report.digest[:16]}\n  faults: {faults}",
        flush=True,
    )
    for line in report.violations[:20]:
        print(f"  {line}", flush=True)


def summarise(finished: list[Report], elapsed: float, operations_per_seed: int) -> int:
    operations: Counter[str] = Counter()
    faults: Counter[str] = Counter()
    for report in finished:
        operations.update(report.operations)
        faults.update(report.faults)
    print(f"\n{sum(operations.values())} operations over {len(finished)} seeds in {elapsed:.0f} s")
    print("operations by type:")
    for name, count in operations.most_common():
        print(f"  {name:20} {count:>10}")
    print("faults and events by kind:")
    for name, count in faults.most_common():
        print(f"  {name:20} {count:>10}")
    failing = sorted(report.seed for report in finished if report.violations)
    if failing:
        print(f"FAILING SEEDS: {' '.join(str(seed) for seed in failing)}")
        print(f"replay one with: bench/simulate.py --seed S --operations {operations_per_seed}")
        return 1
    print("no invariant broken")
    return 0


if __name__ == "__main__":
    sys.exit(main())
