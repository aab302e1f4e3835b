"""The deterministic simulation: short seeded runs under heavy faults keep every invariant.

Each run drives the real ledger app, three offices on the real sync code, five terminals
and a portal (see ``office_app.simulation``); ``make simulate-long`` runs the long version.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from office_app.domain.catalogue import PAYLOAD_TYPES
from office_app.simulation.network import FaultRates
from office_app.simulation.run import simulate

STORMY = FaultRates(
    lost_request=0.04,
    lost_response=0.04,
    duplicate=0.04,
    delayed=0.03,
    server_restart=0.002,
    office_crash=0.003,
    clock_skew=0.005,
    night=0.001,
)
FAULT_KINDS = {
    "lost_request",
    "lost_response",
    "duplicate",
    "delayed",
    "reordered",
    "reordered_batch",
    "server_restart",
    "server_down",
    "office_crash",
    "clock_skew",
    "day_change",
    "dst_change",
}


def test_short_runs_under_faults_keep_every_invariant(tmp_path: Path) -> None:
    operations: Counter[str] = Counter()
    faults: Counter[str] = Counter()
    for seed in (0, 1, 2):
        folder = tmp_path / f"seed{seed}"
        folder.mkdir()
        report = simulate(seed, 1500, folder, rates=STORMY, check_every=500)
        assert report.violations == [], f"seed {seed}: {report.violations[:10]}"
        assert report.total == 1500
        assert report.checks == 4
        operations.update(report.operations)
        faults.update(report.faults)
    assert set(operations) == set(PAYLOAD_TYPES)
    assert set(faults) >= FAULT_KINDS, FAULT_KINDS - set(faults)


def test_the_same_seed_replays_the_same_run(tmp_path: Path) -> None:
    first, second, other = (tmp_path / name for name in ("first", "second", "other"))
    for folder in (first, second, other):
        folder.mkdir()
    replayed = [simulate(7, 400, folder, rates=STORMY) for folder in (first, second)]
    assert replayed[0].digest == replayed[1].digest
    assert replayed[0].operations == replayed[1].operations
    assert replayed[0].faults == replayed[1].faults
    assert replayed[0].outcomes == replayed[1].outcomes
    assert simulate(8, 400, other, rates=STORMY).digest != replayed[0].digest
