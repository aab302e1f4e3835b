"""Class statement benchmark: a class of 30 children's statements into one PDF, as the desk's
class screen makes them (``office_app.desk.class_list.class_statements``: the class's query,
each child's statement, the PDF, saving it), against a floor measured in the same run: plain
ReportLab drawing the same tables for the same 30 statements (bench/statements_bench.py's
``plain_reportlab``), the two taking turns. It prints both median times and their ratio.

Run: ``.venv/bin/python bench/class_statement_bench.py [--pairs 7]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

from statements_bench import FIRST, LAST, History, interleaved, plain_reportlab

from office_app.db import make_sessionmaker, reading
from office_app.desk.actions import Desk
from office_app.desk.class_list import class_statements
from office_app.reports import statements
from office_app.reports.layout import register_fonts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="turns of each of the two")
    args = parser.parse_args()
    register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder), children=30, movements=60)
        # What class_statements reads of the signed-in desk: the replica, the clock, where
        # printouts are saved, and no printer.
        desk = cast(
            "Desk",
            SimpleNamespace(
                engine=history.engine,
                clock=history.clock,
                data_dir=Path(folder) / "office",
                printer=None,
            ),
        )
        with make_sessionmaker(reading(history.engine))() as session:
            loaded = statements(session, history.student_ids, FIRST, LAST)
        steps: list[int] = []
        outcome = class_statements(
            desk, "5.B", FIRST, LAST, lambda done, _total: steps.append(done)
        )
        assert steps == list(range(1, 32)), steps
        assert outcome.path.stat().st_size > 0
        ours, floor = interleaved(
            lambda: class_statements(desk, "5.B", FIRST, LAST),
            lambda: plain_reportlab(loaded),
            pairs=args.pairs,
        )
        wall, floor_wall = statistics.median(ours.wall), statistics.median(floor.wall)
        cpu, floor_cpu = statistics.median(ours.cpu), statistics.median(floor.cpu)
        print(
            f"class of 30 x 60 movements at the desk (queries, PDF, saved): {wall:.2f} s wall,"
            f" {cpu:.2f} s CPU; floor (plain ReportLab, same tables, no queries):"
            f" {floor_wall:.2f} s wall, {floor_cpu:.2f} s CPU; ratio {cpu / floor_cpu:.2f} by"
            f" CPU time, {wall / floor_wall:.2f} by wall time"
        )
        history.engine.dispose()


if __name__ == "__main__":
    main()
