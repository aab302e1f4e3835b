"""The people around a child at the desk, in the real app against the real ledger server:
guardians, siblings and the top-up agreement on the account (and cancelling it), finding a
child by a guardian, an e-mail, a pupil number or a name with a class, the household with its
statement, and a leaver whose card the ledger blocked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, select
from textual.widgets import DataTable, Input

from models import TopUpAgreement
from office_app.app import OfficeApp
from office_app.db import make_sessionmaker
from office_app.domain.ids import uuid7
from office_app.domain.localtime import local_date
from screens.account import AccountScreen
from screens.dialog import ConfirmDialog
from screens.household import HouseholdScreen, HouseholdStatementDialog
from screens.search import SearchScreen
from tests.office_support import (
    Messages,
    Office,
    open_dialog,
    outbox,
    performed,
    ready,
    scan,
    serve_office,
    text_of,
    wait_until,
)
from tests.test_tui_desk import open_child, result_names
from tests.world import World, make_world


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    yield from serve_office(make_world(sqlite_engine), tmp_path)


def enrol(
    world: World, name: str, class_label: str, ref: str, guardian: str, email: str
) -> uuid.UUID:
    student_id = uuid7()
    result = world.office_send(
        "student.upsert",
        {
            "student_id": student_id,
            "external_ref": ref,
            "name": name,
            "class_label": class_label,
            "guardians": [{"name": guardian, "email": email}],
        },
    )
    assert result.status == "applied", result
    return student_id


def agreement_status(world: World, student_id: uuid.UUID) -> list[str]:
    with make_sessionmaker(world.engine)() as session:
        return list(
            session.scalars(
                select(TopUpAgreement.status).where(TopUpAgreement.student_id == student_id)
            )
        )


def day(office: Office) -> str:
    return local_date(office.world.clock()).strftime("%d.%m.%Y")


async def search_for(pilot: object, app: OfficeApp, query: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    app.screen.query_one("#search", Input).value = ""
    await pilot.press(*query)
    await wait_until(pilot, lambda: bool(result_names(app)))


async def test_the_account_shows_guardians_siblings_and_the_agreement_cancelled_on_a_yes(
    office: Office,
) -> None:
    world, children = office.world, office.school.children
    made = world.send(
        world.portal,
        "autotopup.create",
        {"student_id": children["Åse"], "amount_ore": 10000, "payment_ref": "KORT-1"},
    )
    assert made.result["status"] == "active"
    assert world.buy("4400001", 21000).code == "ok"  # 40 kr. left: the agreement tops up
    assert world.balance(children["Åse"]) == 14000
    app = office.app()
    messages = Messages()
    async with app.run_test(size=(160, 48), message_hook=messages.append) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        assert text_of(app, "#student-class") == "Klasse 5.B · Elevnr. E1"
        assert text_of(app, "#guardians") == "Forælder til Mikkel Østergaard\n  mor@oestergaard.dk"
        assert text_of(app, "#siblings") == "Mikkel Østergaard (2.A) 40,00 kr."
        assert text_of(app, "#agreement").splitlines() == [
            "Aktiv: 100,00 kr. ad gangen",
            "Fylder op når saldoen er under 50 kr.",
            f"Oprettet {day(office)}",
            f"Sidst optanket {day(office)}: 100,00 kr.",
        ]
        await open_dialog(pilot, "ctrl+a", ConfirmDialog)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        question = dialog.question
        assert "Den automatiske optankning for Åse Østergaard (100,00 kr. ad gangen)" in question
        assert "saldoen 140,00 kr. er uændret" in question
        await pilot.press("enter")  # "Nej" has the focus: nothing is cancelled
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert [row.type for row in outbox(app) if row.type == "autotopup.cancel"] == []
        await open_dialog(pilot, "ctrl+a", ConfirmDialog)
        await pilot.press("j")
        done = await performed(pilot, messages)
        assert done.message == "Den automatiske optankning for Åse Østergaard er annulleret."
        cancelled = [row for row in outbox(app) if row.type == "autotopup.cancel"]
        assert [(row.staff, row.payload, row.state) for row in cancelled] == [
            ("hanne", {"student_id": str(children["Åse"])}, "applied")
        ]
        assert agreement_status(world, children["Åse"]) == ["cancelled"]
        await wait_until(
            pilot,
            lambda: text_of(app, "#agreement").startswith("Annulleret: 100,00 kr. ad gangen"),
        )
        assert f"Annulleret {day(office)}" in text_of(app, "#agreement")
        await pilot.press("ctrl+a")
        await pilot.pause(0.2)
        assert isinstance(app.screen, AccountScreen)  # nothing left to cancel: no question


async def test_a_waiting_agreement_says_when_it_starts(office: Office) -> None:
    world = office.world
    zoe = office.school.children["Zoë"]
    made = world.send(
        world.portal,
        "autotopup.create",
        {"student_id": zoe, "amount_ore": 20000, "payment_ref": "KORT-2"},
    )
    assert made.result["status"] == "waiting"
    app = office.app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "zoe")
        assert text_of(app, "#agreement").splitlines() == [
            "Waiting: 200.00 kr. each time",
            "Starts when the balance reaches 100 kr.",
            f"Made {local_date(world.clock()).isoformat()}",
            "No top-up yet",
        ]


async def test_search_by_guardian_email_pupil_number_and_name_with_class_never_picks_silently(
    office: Office,
) -> None:
    world = office.world
    berg = enrol(world, "Oscar Berg", "5.B", "20231005", "Lene Berg", "lene@berg.dk")
    holm = enrol(world, "Oscar Holm", "3.A", "20231006", "Jens Holm", "jens@holm.dk")
    world.add_card(berg, "4400010")
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await search_for(pilot, app, "oscar")
        await wait_until(pilot, lambda: result_names(app) == ["Oscar Berg", "Oscar Holm"])
        table = app.screen.query_one("#results", DataTable)
        assert [str(cell) for cell in table.get_row_at(0)][:3] == ["Oscar Berg", "5.B", "Lene Berg"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: "vælg" in text_of(app, "#search-info"))
        assert isinstance(app.screen, SearchScreen)  # two children: none opened
        assert text_of(app, "#search-info") == "2 elever passer – vælg med ↑↓ og Enter."
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert isinstance(app.screen, AccountScreen) and app.screen.student_id == holm
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))

        for query, expected in [
            ("oscar 5b", berg),
            ("lene", berg),
            ("jens@holm", holm),
            ("20231005", berg),
        ]:
            await search_for(pilot, app, query)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
            assert isinstance(app.screen, AccountScreen)
            assert app.screen.student_id == expected, query
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))

        # With the list waiting for a choice, typing goes on with the search and a card
        # scanned after the search is selected again still opens its child at once.
        await search_for(pilot, app, "oscar")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "vælg" in text_of(app, "#search-info"))
        await pilot.press(*" 3a")
        await wait_until(pilot, lambda: result_names(app) == ["Oscar Holm"])
        assert app.screen.query_one("#search", Input).value == "oscar 3a"
        await scan(pilot, "4400010")  # onto the end of "oscar 3a"
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert isinstance(app.screen, AccountScreen) and app.screen.student_id == berg
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.screen.query_one("#search", Input).value == "oscar 3a"


async def test_a_leaver_is_marked_in_the_search_and_the_account_and_the_card_is_blocked_for_left(
    office: Office,
) -> None:
    world = office.world
    zoe = office.school.children["Zoë"]
    left = world.office_send("student.leave", {"student_id": zoe})
    assert left.result["blocked_cards"] == ["4400004"]
    declined = world.buy("4400004", 500)
    assert (declined.status, declined.code) == ("rejected", "card_blocked")
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await search_for(pilot, app, "zoe")
        assert result_names(app) == ["Zoë Ærø-Lund (udmeldt)"]
        table = app.screen.query_one("#results", DataTable)
        assert str(table.get_row_at(0)[4]) == "Spærret (udmeldt)"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        await wait_until(pilot, lambda: screen.view is not None)
        assert text_of(app, "#student-class") == "Klasse 5.B · Elevnr. E4 · UDMELDT"
        assert text_of(app, "#cards") == "4400004 Spærret (udmeldt)"
        activity = app.screen.query_one("#activity", DataTable)
        lines = [str(activity.get_row_at(i)[1]) for i in range(activity.row_count)]
        assert "Afvist køb: Kortet er spærret" in lines
        assert "Kort 4400004: spærret" in lines


async def test_the_household_lists_every_child_with_the_total_and_prints_one_statement(
    office: Office,
) -> None:
    app = office.app()
    messages = Messages()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, HouseholdScreen))
        screen = app.screen
        assert isinstance(screen, HouseholdScreen)
        await wait_until(pilot, lambda: screen.view is not None)
        table = screen.query_one("#household-children", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["Mikkel Østergaard", "2.A", "Går i skolen", "40,00 kr."],
            ["Åse Østergaard", "5.B", "Går i skolen", "250,00 kr."],
        ]
        assert text_of(app, "#household-total") == "I alt: 290,00 kr."
        assert text_of(app, "#household-guardians") == (
            "Forældre: Forælder til Mikkel Østergaard <mor@oestergaard.dk>"
        )
        await open_dialog(pilot, "ctrl+k", HouseholdStatementDialog)
        first = app.screen.query_one("#from", Input).value
        await pilot.press("enter", "enter")
        done = await performed(pilot, messages)
        saved = next((office.settings.data_dir / "statements").glob("kontoudtog_Husstand-*"))
        assert f"Gemt i {saved}" in done.message
        pages = [page.extract_text() for page in PdfReader(saved).pages]
        assert len(pages) == 2
        assert "Mikkel Østergaard" in pages[0] and "40,00" in pages[0]
        assert "Åse Østergaard" in pages[1] and "250,00" in pages[1]
        assert all("Side 1 af 1" in page for page in pages)
        assert all(first in page for page in pages)
        assert [row.type for row in outbox(app)] == []  # a printout queues no command
        await wait_until(pilot, lambda: isinstance(app.screen, HouseholdScreen))
        table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        account = app.screen
        assert isinstance(account, AccountScreen)
        assert account.student_id == office.school.children["Mikkel"]
