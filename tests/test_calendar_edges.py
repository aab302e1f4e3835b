"""The school's calendar at its edges, with the injected clock set there: the end of a month,
New Year's midnight, both daylight-saving changes in Copenhagen and 29 February.

A local day in Copenhagen is 23 hours on the last Sunday of March and 25 hours on the last
Sunday of October, and its midnight is 22:00 or 23:00 in UTC, on the day before. Every rule
that counts "today" (a daily cap, the cash drawer's day, the audit log's day filter, a
statement's default period, what a child spent today) must count by that local day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from textual.widgets import Input

from office_app.db import make_engine, make_sessionmaker
from office_app.desk.audit_log import OFFICE, AuditFilter, audit_lines
from office_app.desk.day_end import drawer_day
from office_app.desk.periods import default_period
from office_app.desk.queries import account_view
from office_app.domain.localtime import (
    LOCAL,
    day_bounds,
    local_date,
    local_today,
)
from office_app.ledger.embedded import embedded_server
from office_app.reports.cash_queries import day_end_report
from office_app.sync.outbox import record
from office_app.sync.puller import pull
from screens.dialogs import StatementDialog
from tests.office_support import Office, open_dialog, ready, serve_office, text_of, wait_until
from tests.sync_checks import new_office
from tests.world import CARD, Clock, World, make_world


def local(
    year: int, month: int, day: int, hour: int, minute: int = 0, fold: int = 0
) -> dt.datetime:
    """A wall time in Copenhagen, as the aware UTC instant the clock would give."""
    wall = dt.datetime(year, month, day, hour, minute, tzinfo=LOCAL, fold=fold)
    return wall.astimezone(dt.UTC)


@dataclass(frozen=True)
class Edge:
    """A local day at a calendar edge, and wall times on it worth trying."""

    name: str
    day: dt.date
    hours: int
    inside: tuple[dt.datetime, ...]

    @property
    def before(self) -> dt.datetime:
        """The last minute of the day before."""
        return day_bounds(self.day)[0] - dt.timedelta(minutes=1)

    @property
    def after(self) -> dt.datetime:
        """The first minute of the day after."""
        return day_bounds(self.day)[1]


EDGES = [
    Edge(
        "month end",
        dt.date(2026, 11, 30),
        24,
        (local(2026, 11, 30, 0, 0), local(2026, 11, 30, 12), local(2026, 11, 30, 23, 59)),
    ),
    Edge(
        "New Year's Eve",
        dt.date(2026, 12, 31),
        24,
        (local(2026, 12, 31, 0, 0), local(2026, 12, 31, 23, 30), local(2026, 12, 31, 23, 59)),
    ),
    Edge(
        "New Year's Day",
        dt.date(2027, 1, 1),
        24,
        (local(2027, 1, 1, 0, 0), local(2027, 1, 1, 0, 30), local(2027, 1, 1, 23, 59)),
    ),
    Edge(
        "spring forward (23 hours)",
        dt.date(2027, 3, 28),
        23,
        (local(2027, 3, 28, 1, 59), local(2027, 3, 28, 3, 0), local(2027, 3, 28, 23, 59)),
    ),
    Edge(
        "fall back (25 hours)",
        dt.date(2026, 10, 25),
        25,
        (
            local(2026, 10, 25, 2, 30),  # summer time, the first 02:30
            local(2026, 10, 25, 2, 30, fold=1),  # winter time, the second 02:30
            local(2026, 10, 25, 23, 59),
        ),
    ),
    Edge(
        "29 February",
        dt.date(2028, 2, 29),
        24,
        (local(2028, 2, 29, 0, 0), local(2028, 2, 29, 12), local(2028, 2, 29, 23, 59)),
    ),
]


def edge_ids(edge: Edge) -> str:
    return edge.name


# --- the calendar itself ---------------------------------------------------------------------


def test_every_local_day_from_2024_to_2032_follows_the_one_before() -> None:
    day, last = dt.date(2024, 1, 1), dt.date(2032, 12, 31)
    lengths: dict[int, list[dt.date]] = {23: [], 24: [], 25: []}
    while day <= last:
        start, end = day_bounds(day)
        assert end == day_bounds(day + dt.timedelta(days=1))[0]
        assert local_date(start) == day == local_date(end - dt.timedelta(microseconds=1))
        lengths[int((end - start).total_seconds()) // 3600].append(day)
        day += dt.timedelta(days=1)
    last_sundays = {
        max(
            dt.date(year, month, d) for d in range(25, 32) if dt.date(year, month, d).weekday() == 6
        ): hours
        for year in range(2024, 2033)
        for month, hours in ((3, 23), (10, 25))
    }
    assert {day: 23 for day in lengths[23]} | {day: 25 for day in lengths[25]} == last_sundays


@pytest.mark.parametrize("edge", EDGES, ids=edge_ids)
def test_the_edge_days_have_their_length_and_hold_their_wall_times(edge: Edge) -> None:
    start, end = day_bounds(edge.day)
    assert end - start == dt.timedelta(hours=edge.hours)
    assert all(local_date(moment) == edge.day for moment in edge.inside)
    assert local_date(edge.before) == edge.day - dt.timedelta(days=1)
    assert local_date(edge.after) == edge.day + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("moment", "period"),
    [
        (local(2026, 11, 30, 23, 59), (dt.date(2026, 11, 1), dt.date(2026, 11, 30))),
        (local(2026, 12, 1, 0, 1), (dt.date(2026, 11, 1), dt.date(2026, 11, 30))),
        (local(2026, 12, 31, 23, 59), (dt.date(2026, 12, 1), dt.date(2026, 12, 31))),
        # 00:30 in Copenhagen is still 31 December in UTC: the local day decides.
        (local(2027, 1, 1, 0, 30), (dt.date(2026, 12, 1), dt.date(2026, 12, 31))),
        (local(2027, 3, 28, 3, 0), (dt.date(2027, 3, 1), dt.date(2027, 3, 28))),
        (local(2026, 10, 25, 2, 30, fold=1), (dt.date(2026, 10, 1), dt.date(2026, 10, 25))),
        (local(2028, 2, 29, 23, 59), (dt.date(2028, 2, 1), dt.date(2028, 2, 29))),
        (local(2028, 3, 1, 0, 0), (dt.date(2028, 2, 1), dt.date(2028, 2, 29))),
        (local(2026, 8, 1, 0, 0), (dt.date(2026, 7, 1), dt.date(2026, 7, 31))),
    ],
)
def test_a_statements_default_period_is_the_local_month_so_far_or_last_month_early_on(
    moment: dt.datetime, period: tuple[dt.date, dt.date]
) -> None:
    assert default_period(local_today(Clock(moment))) == period


# --- the daily cap on the ledger ---------------------------------------------------------------


@pytest.mark.parametrize("edge", EDGES, ids=edge_ids)
def test_the_daily_cap_counts_the_whole_local_day_and_no_more(
    ledger_engine: Engine, edge: Edge
) -> None:
    world = make_world(ledger_engine, Clock(edge.before - dt.timedelta(hours=1)))
    student = world.child_with_card(100_000)
    cap = world.office_send("cap.set", {"student_id": student, "daily_cap_ore": 3000})
    assert cap.code == "ok"
    world.clock.now = edge.before
    assert world.buy(CARD, 3000).code == "ok"
    for moment in edge.inside:  # a third of the cap at each moment of the day: all of it
        world.clock.now = moment
        bought = world.buy(CARD, 1000)
        assert (bought.code, local_date(moment)) == ("ok", edge.day), moment
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    world.clock.now = edge.after
    fresh = world.buy(CARD, 3000)
    assert (fresh.code, fresh.result["spent_today_ore"]) == ("ok", 3000)
    assert world.balance(student) == 100_000 - 3000 - 3000 - 3000


# --- the office: the cash drawer's day, the audit log's day, what a child spent today -----------


@dataclass
class Desk:
    """A synced office replica at the test school, recording as the clock says."""

    world: World
    replica: Engine
    device_id: uuid.UUID
    student_id: uuid.UUID

    def deposit(self, moment: dt.datetime, amount_ore: int, receipt_no: str) -> None:
        record(
            self.replica,
            self.world.school_id,
            self.device_id,
            "deposit.cash",
            {
                "student_id": str(self.student_id),
                "amount_ore": amount_ore,
                "receipt_no": receipt_no,
            },
            staff="hanne",
            now=moment,
        )

    def pull(self) -> None:
        token = self.world.tokens["office"]
        with (
            embedded_server(self.world.engine, clock=self.world.clock) as url,
            httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client,
        ):
            pull(self.replica, client)


@pytest.fixture
def desk(sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path) -> Iterator[Desk]:
    world = make_world(sqlite_engine)
    student = world.child_with_card(50_000)
    _token, device_id = new_office(world)
    replica_path = tmp_path / "office.db"
    replica_path.write_bytes(sqlite_template.read_bytes())
    replica = make_engine(str(replica_path))
    office = Desk(world, replica, device_id, student)
    office.pull()
    yield office
    replica.dispose()


@pytest.mark.parametrize("edge", EDGES, ids=edge_ids)
def test_the_cash_drawer_and_its_report_count_the_local_day(desk: Desk, edge: Edge) -> None:
    desk.deposit(edge.before, 100, "K-before")
    for number, moment in enumerate(edge.inside, start=1):
        desk.deposit(moment, 1000 * number, f"K-{number}")
    desk.deposit(edge.after, 7, "K-after")
    wanted = sum(1000 * number for number in range(1, len(edge.inside) + 1))

    for now in (*edge.inside, day_bounds(edge.day)[1] - dt.timedelta(seconds=1)):
        drawer = drawer_day(desk.replica, now)
        assert drawer.day == edge.day
        assert drawer.expected_ore == wanted
    with make_sessionmaker(desk.replica)() as session:
        report = day_end_report(session, edge.day)
    receipts = {deposit.receipt_no for staff in report.by_staff for deposit in staff.deposits}
    assert receipts == {f"K-{number}" for number in range(1, len(edge.inside) + 1)}
    following = drawer_day(desk.replica, edge.after)
    assert (following.day, following.expected_ore) == (edge.day + dt.timedelta(days=1), 7)


@pytest.mark.parametrize("edge", EDGES, ids=edge_ids)
def test_the_audit_logs_day_filter_keeps_the_local_day(desk: Desk, edge: Edge) -> None:
    desk.deposit(edge.before, 100, "K-before")
    for number, moment in enumerate(edge.inside, start=1):
        desk.deposit(moment, 1000 * number, f"K-{number}")
    desk.deposit(edge.after, 7, "K-after")
    lines = audit_lines(desk.replica, AuditFilter(day=edge.day, view=OFFICE))
    assert sorted(line.payload["receipt_no"] for line in lines) == [
        f"K-{number}" for number in range(1, len(edge.inside) + 1)
    ]
    assert all(local_date(line.occurred_at) == edge.day for line in lines)


@pytest.mark.parametrize("edge", EDGES, ids=edge_ids)
def test_what_a_child_spent_today_is_the_local_days(desk: Desk, edge: Edge) -> None:
    world = desk.world
    world.clock.now = edge.before
    assert world.buy(CARD, 500).code == "ok"
    for moment in edge.inside:
        world.clock.now = moment
        assert world.buy(CARD, 100).code == "ok"
    desk.pull()
    spent = {
        moment: account_view(desk.replica, desk.student_id, moment)
        for moment in (edge.before, *edge.inside, edge.after)
    }
    assert {moment: view.spent_today_ore for moment, view in spent.items() if view} == {
        edge.before: 500,
        **{moment: 100 * len(edge.inside) for moment in edge.inside},
        edge.after: 0,
    }


# --- the desk, with the office app's clock at New Year's midnight -------------------------------


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    yield from serve_office(make_world(sqlite_engine), tmp_path)


async def test_the_desk_at_half_past_midnight_on_new_years_day(office: Office) -> None:
    """00:30 in Copenhagen is 23:30 on 31 December in UTC: the desk must show the new year."""
    world = office.world
    world.clock.now = local(2026, 12, 31, 23, 50)
    assert world.buy("4400001", 2500).code == "ok"
    world.clock.now = local(2027, 1, 1, 0, 30)
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press(*"åse", "enter")
        await wait_until(pilot, lambda: "Brugt i dag" in text_of(app, "#cap"))
        assert "Brugt i dag: 0,00 kr." in text_of(app, "#cap")
        await open_dialog(pilot, "ctrl+k", StatementDialog)

        def period() -> tuple[str, str]:
            fields = (app.screen.query_one(f"#{name}", Input).value for name in ("from", "to"))
            return next(fields), next(fields)

        # On the first days of a month the default is the whole month before.
        assert period() == ("01.12.2026", "31.12.2026")
        for key, expected in [
            ("ctrl+t", ("01.01.2027", "01.01.2027")),
            ("ctrl+y", ("01.08.2026", "01.01.2027")),
            ("ctrl+b", ("01.12.2026", "31.12.2026")),
        ]:
            await pilot.press(key)
            await pilot.pause(0.1)
            assert period() == expected
