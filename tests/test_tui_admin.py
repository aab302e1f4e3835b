"""The administrator's work in the real Textual app against the real ledger server: payouts
with four eyes and the bank file, reversals, and what a secretary does not see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from textual.widgets import DataTable, Input, Static

from models import Payout, Reversal
from office_app.app import OfficeApp
from office_app.desk.session import SignedIn
from office_app.domain.localtime import local_date
from screens.account import AccountScreen
from screens.approvals import ApprovalsScreen
from screens.dialog import ConfirmDialog
from screens.payout import PayoutDialog
from screens.reversal import ReasonDialog, ReversalDialog
from tests.bank_support import pain001_schema
from tests.office_support import (
    Office,
    outbox,
    ready,
    serve_office,
    text_of,
    type_like_a_person,
    wait_until,
)
from tests.test_tui_desk import open_child
from tests.world import make_world

OLE = SignedIn("ole", "Ole Madsen", "admin")
BIRGIT = SignedIn("birgit", "Birgit Holm", "admin")


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    world = make_world(sqlite_engine)
    world.set_policy(
        payout_approval_threshold_ore=10000, bank_reg_no="3001", bank_account_no="11223344"
    )
    yield from serve_office(world, tmp_path)


def payouts(office: Office) -> list[tuple[str, int, str | None, str | None]]:
    with office.world.engine.connect() as connection:
        return [
            (row.status, row.amount_ore, row.requested_by, row.decided_by)
            for row in connection.execute(
                select(
                    Payout.status, Payout.amount_ore, Payout.requested_by, Payout.decided_by
                ).order_by(Payout.requested_at)
            )
        ]


def approval_rows(app: OfficeApp) -> list[list[str]]:
    table = app.screen.query_one("#approvals", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def activity_texts(app: OfficeApp) -> list[str]:
    """What the account's history says, line by line."""
    if not app.screen.query("#activity"):
        return []
    table = app.screen.query_one("#activity", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def footer_actions(app: OfficeApp) -> set[str]:
    return {active.binding.action for active in app.screen.active_bindings.values()}


async def open_approvals(pilot: object, app: OfficeApp) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("escape")
    await pilot.press("f6")
    await wait_until(pilot, lambda: isinstance(app.screen, ApprovalsScreen))


async def test_a_payout_above_the_threshold_waits_for_a_second_admin_then_goes_to_the_bank(
    office: Office,
) -> None:
    world = office.world
    child = office.school.children["Åse"]
    app = office.app(staff=OLE)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: isinstance(app.screen, PayoutDialog))
        assert app.screen.query_one("#amount", Input).value == "250,00"
        await pilot.press(*"Mette Østergaard", "enter", *"12x4")
        assert text_of(app, "#problem") == "Registreringsnummer må kun indeholde tal"
        app.screen.query_one("#reg-no", Input).value = ""
        await pilot.press(*"1234", "enter")
        await type_like_a_person(pilot, "12345678")
        await pilot.press("enter", *"12345679")
        assert text_of(app, "#problem") == "Kontonummer igen: de to kontonumre er forskellige"
        app.screen.query_one("#account-no-again", Input).value = ""
        await pilot.press(*"1234 5678", "enter", *"Restbeløb", "enter")
        app.screen.query_one("#amount", Input).value = ""
        await pilot.press(*"300")
        assert text_of(app, "#problem") == "Beløb må højst være 250,00 kr."
        app.screen.query_one("#amount", Input).value = ""
        await pilot.press(*"250")
        await wait_until(
            pilot, lambda: "en anden medarbejder skal godkende" in text_of(app, "#summary")
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        question = text_of(app, "#question Static")
        assert "250,00 kr. for Åse Østergaard udbetales til Mette Østergaard" in question
        assert "en anden administrator skal godkende" in question
        assert outbox(app) == []
        await pilot.press("j")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await wait_until(
            pilot, lambda: payouts(office) == [("pending_approval", 25000, "ole", None)]
        )
        last = outbox(app)[-1]
        assert (last.type, last.staff, last.payload) == (
            "payout.request",
            "ole",
            {
                "student_id": str(child),
                "amount_ore": 25000,
                "holder_name": "Mette Østergaard",
                "reg_no": "1234",
                "account_no": "12345678",
                "message": "Restbeløb",
                "payout_id": None,
            },
        )
        assert world.balance(child) == 0
        await wait_until(
            pilot,
            lambda: "Udbetaling til bankkonto: Venter på godkendelse" in activity_texts(app),
        )

        await open_approvals(pilot, app)
        await wait_until(pilot, lambda: len(app.screen.lines) == 1)  # type: ignore[attr-defined]
        row = approval_rows(app)[0]
        assert row[:4] == ["Udbetaling", "Åse Østergaard (5.B)", "250,00 kr.", "ole"]
        assert "din egen anmodning" in text_of(app, "#approvals-hint")
        assert "approve" not in footer_actions(app)
        assert "reject" in footer_actions(app)
        await pilot.press("ctrl+g")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ApprovalsScreen)
        assert [queued.type for queued in outbox(app)].count("payout.approve") == 0

    second = office.app(staff=BIRGIT)
    async with second.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(second.screen, ApprovalsScreen))
        await wait_until(pilot, lambda: len(second.screen.lines) == 1)  # type: ignore[attr-defined]
        assert text_of(second, "#approvals-hint") == ""
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(second.screen, ConfirmDialog))
        await pilot.press("enter")  # "Nej" has the focus: nothing is approved
        await wait_until(pilot, lambda: isinstance(second.screen, ApprovalsScreen))
        assert payouts(office) == [("pending_approval", 25000, "ole", None)]
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(second.screen, ConfirmDialog))
        await pilot.press("j")
        await wait_until(pilot, lambda: payouts(office) == [("approved", 25000, "ole", "birgit")])
        await wait_until(pilot, lambda: approval_rows(second)[0][5] == "Godkendt, til banken")
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(second.screen, ConfirmDialog))
        question = " ".join(str(widget.render()) for widget in second.screen.query(Static))
        assert "Bankfil med 1 udbetalinger, i alt 250,00 kr., fra skolens konto 3001" in question
        assert "markeres som sendt til banken, ikke betalt" in question
        await pilot.press("enter")  # No has the focus: nothing happens
        await wait_until(pilot, lambda: isinstance(second.screen, ApprovalsScreen))
        assert not (office.settings.data_dir / "bank").exists()
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(second.screen, ConfirmDialog))
        await pilot.press("j")
        await wait_until(pilot, lambda: payouts(office)[0][0] == "sent")
        await wait_until(pilot, lambda: approval_rows(second)[0][5] == "Sendt til banken")
        assert "bank_file" not in footer_actions(second)
        await pilot.press("escape")
        await open_child(pilot, second, "åse")
        await wait_until(
            pilot, lambda: "Udbetaling til bankkonto: Sendt til banken" in activity_texts(second)
        )
    files = list((office.settings.data_dir / "bank").glob("*.xml"))
    assert len(files) == 1
    content = files[0].read_bytes()
    pain001_schema().validate(content.decode())
    assert b"<CtrlSum>250.00</CtrlSum>" in content
    assert b"<Nm>Mette \xc3\x98stergaard</Nm>" in content
    assert b"<Ustrd>Restbel\xc3\xb8b</Ustrd>" in content
    assert world.system_balance("bank") == 0, "sent to the bank, not paid"
    assert world.system_balance("payout_clearing") == 25000


async def test_a_reversal_is_requested_with_a_reason_and_applied_by_another_admin(
    office: Office,
) -> None:
    world = office.world
    child = office.school.children["Søren"]
    app = office.app(staff=OLE)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "søren")
        assert "reversal" in footer_actions(app)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ReversalDialog))
        dialog = app.screen
        assert isinstance(dialog, ReversalDialog)
        assert [txn.kind for txn in dialog.transactions] == ["cash_deposit"]
        await pilot.press("enter")
        assert app.screen.query_one("#reason", Input).has_focus
        await pilot.press("enter")
        assert text_of(app, "#problem") == "Ret feltet først: Grund: skriv hvorfor"
        await pilot.press(*"Indbetalt på forkert barn", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("j")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await wait_until(pilot, lambda: bool(outbox(app)) and outbox(app)[-1].state == "applied")
        assert (outbox(app)[-1].type, outbox(app)[-1].staff) == ("txn.reverse", "ole")
        assert world.balance(child) == 12050, "nothing moves before a second admin approves"

    second = office.app(staff=BIRGIT)
    async with second.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(second.screen, ApprovalsScreen))
        await wait_until(pilot, lambda: len(second.screen.lines) == 1)  # type: ignore[attr-defined]
        row = approval_rows(second)[0]
        assert row[:4] == ["Tilbageførsel", "Søren Kierkegaard (7.A)", "120,50 kr.", "ole"]
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(second.screen, ConfirmDialog))
        await pilot.press("j")
        await wait_until(pilot, lambda: world.balance(child) == 0)
    with world.engine.connect() as connection:
        decided = connection.execute(select(Reversal.status, Reversal.decided_by)).one()
    assert tuple(decided) == ("applied", "birgit")


async def test_a_rejected_payout_returns_the_money_and_needs_a_reason(office: Office) -> None:
    world = office.world
    child = office.school.children["Mikkel"]
    world.office_send(
        "payout.request",
        {
            "student_id": child,
            "amount_ore": 4000,
            "holder_name": "Mor",
            "reg_no": "1234",
            "account_no": "1234567",
            "message": "",
        },
        staff="hanne",
    )
    app = office.app(staff=OLE)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalsScreen))
        await wait_until(pilot, lambda: len(app.screen.lines) == 1)  # type: ignore[attr-defined]
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press("enter")
        assert "Grund: skriv hvorfor" in text_of(app, "#problem")
        await pilot.press(*"Forkert konto", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Pengene går tilbage på barnets konto" in text_of(app, "#question Static")
        await pilot.press("j")
        await wait_until(pilot, lambda: payouts(office)[0][0] == "rejected")
    assert world.balance(child) == 4000


async def test_a_secretary_sees_no_approvals_and_no_reversal(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        actions = footer_actions(app)
        assert "payout" in actions, "a secretary takes payout requests"
        assert "reversal" not in actions and "approvals" not in actions
        await pilot.press("ctrl+t", "f6")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AccountScreen)


async def test_the_audit_log_filters_by_child_staff_and_day_and_shows_a_broken_chain(
    office: Office,
) -> None:
    from sqlalchemy import update

    from models import AuditEvent
    from screens.audit import AuditScreen
    from screens.dialogs import DepositDialog

    app = office.app(staff=OLE)
    async with app.run_test(size=(150, 44)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, DepositDialog))
        await pilot.press(*"100", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await pilot.press("f4")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(outbox(app)) == 2)
        await wait_until(pilot, lambda: all(row[3] == "applied" for row in outbox(app)))
        await pilot.press("escape", "f7")
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen))

        def log_rows() -> list[list[str]]:
            table = app.screen.query_one("#audit-log", DataTable)
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

        # The school's log: every device's commands, as the ledger's chain recorded them.
        def mine_recorded() -> bool:
            rows = log_rows()
            return len(rows) > 2 and all(row[3] == "Dette kontor" for row in rows[:2])

        app.screen.query_one("#audit-staff", Input).value = "ole"
        await wait_until(pilot, mine_recorded)
        newest, oldest = log_rows()[:2]
        assert not newest[0].startswith("Kontor"), "numbered in the ledger's chain"
        assert (oldest[2], oldest[4], oldest[5], oldest[6]) == (
            "ole",
            "Kontant indbetaling 100,00 kr.",
            "Åse Østergaard",
            "Gennemført",
        )
        assert (newest[4], newest[5]) == ("Kort spærret", "Åse Østergaard")
        app.screen.query_one("#audit-staff", Input).value = ""
        await wait_until(pilot, lambda: any("kantineterminal" in row[3] for row in log_rows()))
        declined = next(row for row in log_rows() if "kantineterminal" in row[3])
        assert declined[3:] == [
            "terminal 1 (kantineterminal)",
            "Køb i kantinen 35,00 kr.",
            "Søren Kierkegaard",
            "Afvist: Kortet er spærret",
        ]
        await wait_until(pilot, lambda: "Dette kontors kæde" in text_of(app, "#audit-chain"))
        school_line, office_line = text_of(app, "#audit-chain").splitlines()
        assert school_line.startswith("Skolens kæde (hovedbogen) er intakt: alle ")
        assert office_line == "Dette kontors kæde er intakt: alle 2 hændelser er kontrolleret."

        await pilot.press(*"mikkel")
        await wait_until(pilot, lambda: {row[5] for row in log_rows()} == {"Mikkel Østergaard"})
        app.screen.query_one("#audit-staff", Input).value = "kirsten"
        await wait_until(pilot, lambda: log_rows()[0][1] == "Ingen hændelser passer")
        app.screen.query_one("#audit-child", Input).value = "åse"
        app.screen.query_one("#audit-staff", Input).value = "ole"
        today = local_date(office.world.clock())  # the day the desk and the ledger are at
        app.screen.query_one("#audit-day", Input).value = today.strftime("%d.%m.%Y")
        await wait_until(
            pilot,
            lambda: (
                [row[4] for row in log_rows()]
                == ["Kort spærret", "Kontant indbetaling 100,00 kr.", "Elev oprettet/ændret"]
            ),
        )
        app.screen.query_one("#audit-day", Input).value = (today - dt.timedelta(days=1)).isoformat()
        await wait_until(pilot, lambda: log_rows()[0][1] == "Ingen hændelser passer")
        app.screen.query_one("#audit-day", Input).value = "32.13.2026"
        await wait_until(
            pilot, lambda: "Dag: '32.13.2026' er ikke en dato" in text_of(app, "#audit-problem")
        )
        app.screen.query_one("#audit-day", Input).value = ""
        await wait_until(pilot, lambda: text_of(app, "#audit-problem") == "")

        # This office's own chain, with the state of each command in the outbox.
        await pilot.press("f3")
        assert "Revisionslog for dette kontor" in text_of(app, "#audit-title")
        await wait_until(pilot, lambda: [row[0] for row in log_rows()] == ["2", "1"])
        newest, oldest = log_rows()
        assert (oldest[2], oldest[3], oldest[6]) == ("ole", "Dette kontor", "Gennemført")
        assert (oldest[4], newest[4]) == ("Indbetaling 100,00 kr.", "Spær kort 4400001")

        assert app.backend is not None
        with app.backend.engine.begin() as connection:
            # Someone with the file in hand gets past the append-only trigger.
            connection.exec_driver_sql("DROP TRIGGER trg_audit_events_no_update")
            connection.execute(
                update(AuditEvent)
                .where(AuditEvent.chain == "office", AuditEvent.chain_index == 1)
                .values(staff="hanne")
            )
        await pilot.press("f4")
        await wait_until(pilot, lambda: "BRUDT" in text_of(app, "#audit-chain"))
        assert (
            "Dette kontors kæde er BRUDT (1 fejl): hændelse 1 er ændret efter den blev skrevet"
            in text_of(app, "#audit-chain")
        )
        assert "Skolens kæde (hovedbogen) er intakt" in text_of(app, "#audit-chain")


async def deposit_as(app: OfficeApp, child: str, amount: str) -> None:
    from screens.dialogs import DepositDialog

    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, child)
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, DepositDialog))
        await pilot.press(*amount, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await wait_until(pilot, lambda: bool(outbox(app)) and outbox(app)[-1].state == "applied")


async def test_day_end_counts_the_drawer_by_staff_member_and_records_a_difference(
    office: Office,
) -> None:
    from pypdf import PdfReader

    from office_app.desk.audit_log import AuditFilter, audit_lines
    from screens.day_end import DayEndDialog

    await deposit_as(office.app(), "mikkel 2a", "50")
    await deposit_as(office.app(staff=OLE), "åse", "100")
    app = office.app(staff=OLE)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, DayEndDialog))
        table = app.screen.query_one("#takings", DataTable)
        assert [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)] == [
            ["Hanne Sørensen", "1", "50,00 kr."],
            ["Ole Madsen", "1", "100,00 kr."],
        ]
        assert text_of(app, "#expected") == "Kontante indbetalinger i dag: 150,00 kr."
        await pilot.press(*"640", "enter")
        assert "Forklaring på difference: skriv hvorfor" in text_of(app, "#problem")
        await pilot.press(*"Byttepenge givet forkert", "enter")
        app.screen.query_one("#float", Input).value = ""
        await pilot.press(*"500", "enter")
        assert text_of(app, "#summary") == "Forventet 650,00 kr.; difference -10,00 kr."
        await pilot.press(*"ole")
        assert "en anden end den, der talte op" in text_of(app, "#problem")
        app.screen.query_one("#checked-by", Input).value = ""
        await pilot.press(*"birgit", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, DayEndDialog))
        await wait_until(
            pilot,
            lambda: any("Kassen er afsluttet" in n.message for n in app._notifications),
        )
        assert app.backend is not None
        closing = audit_lines(app.backend.engine, AuditFilter(staff="ole"))[0]
        assert closing.action == "dayend.close"
        assert closing.details["expected_ore"] == 65000
        assert closing.details["difference_ore"] == -1000
        assert closing.details["opening_float_ore"] == 50000
        assert closing.details["checked_by"] == "birgit"
        assert closing.details["by_staff"] == {"hanne": 5000, "ole": 10000}
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, DayEndDialog))
        assert "Allerede afsluttet 1 gang i dag; optalt 640,00 kr." in text_of(
            app, "#closed-before"
        )
    reports = list((office.settings.data_dir / "statements").glob("kasseopgoerelse_*.pdf"))
    assert len(reports) == 1
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(reports[0]).pages)
    for expected in (
        "Kasseopgørelse",
        "Hanne Sørensen",
        "50,00",
        "Byttepenge ved dagens start 500,00 kr.",
        "Kontante indbetalinger i dag 150,00 kr.",
        "Forventet i kassen 650,00 kr.",
        "Optalt 640,00 kr.",
        "-10,00 kr.",
        "Byttepenge givet forkert",
        "Optalt af Ole Madsen",
        "Kontrolleret af Birgit Holm",
        "Kassen lukket 24.11.2026",
        "Underskrift, kontrolleret af",
    ):
        assert expected in text, (expected, text)
    metadata = PdfReader(reports[0]).metadata
    assert metadata is not None and metadata.creation_date is not None
    assert metadata.creation_date.year == 2026, "the real date, not 2000"


async def test_leavers_money_moves_to_a_sibling_with_consent_or_is_kept_with_a_reason(
    office: Office,
) -> None:
    from screens.leavers import LeaversScreen, MoveDialog

    world = office.world
    children = office.school.children
    for name in ("Åse", "Søren"):
        world.office_send("student.leave", {"student_id": children[name]})
    app = office.app(staff=OLE)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaversScreen))

        def rows() -> list[list[str]]:
            table = app.screen.query_one("#leavers", DataTable)
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

        await wait_until(pilot, lambda: len(rows()) == 2)
        assert rows() == [
            ["Åse Østergaard", "5.B", "250,00 kr.", "Mikkel Østergaard", ""],
            ["Søren Kierkegaard", "7.A", "120,50 kr.", "", ""],
        ]
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, MoveDialog))
        await pilot.press("enter")
        assert app.screen.query_one("#amount", Input).value == "250,00"
        await pilot.press("enter", "enter")
        assert "Forælders samtykke: skriv hvem" in text_of(app, "#problem")
        await pilot.press(*"Mor i telefon 24.11", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "250,00 kr. flyttes fra Åse Østergaard til Mikkel Østergaard" in text_of(
            app, "#question Static"
        )
        await pilot.press("j")
        await wait_until(pilot, lambda: world.balance(children["Mikkel"]) == 29000)
        assert world.balance(children["Åse"]) == 0
        assert (outbox(app)[-1].type, outbox(app)[-1].staff) == ("balance.transfer", "ole")
        await wait_until(pilot, lambda: [row[0] for row in rows()] == ["Søren Kierkegaard"])

        await pilot.press("ctrl+o")
        await pilot.pause(0.2)
        assert isinstance(app.screen, LeaversScreen)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"Venter på kontonummer", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("j")
        await wait_until(pilot, lambda: rows()[0][4] == "Beholdes: Venter på kontonummer")
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: isinstance(app.screen, PayoutDialog))
        assert app.screen.query_one("#amount", Input).value == "120,50"
    assert world.balance(children["Søren"]) == 12050


async def test_roster_import_shows_bad_rows_then_applies_a_corrected_file(
    office: Office, tmp_path: Path
) -> None:
    from models import Student
    from screens.roster import RosterScreen, SkipRowsDialog

    heading = "Elevnr;Fornavn;Efternavn;Klasse;Forældrenavn;Forældre e-mail"
    mikkel = "E2;Mikkel;Østergaard;2a;Forælder til Mikkel Østergaard;mor@oestergaard.dk"
    file = tmp_path / "elever.csv"
    file.write_bytes(
        "\r\n".join(
            [
                heading,
                "E1;Åse;Østergaard;6.B;Forælder til Mikkel Østergaard;mor@oestergaard.dk",
                mikkel,
                "E9;Ny;Elev;0A;Far;far@example",
            ]
        ).encode("cp1252")
    )
    app = office.app(staff=OLE)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, RosterScreen))

        def rows() -> list[list[str]]:
            table = app.screen.query_one("#roster-plan", DataTable)
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

        async def dry_run() -> None:
            app.screen.query_one("#roster-file", Input).value = str(file)
            await pilot.press("enter")

        await dry_run()
        await wait_until(pilot, lambda: "Intet er importeret" in text_of(app, "#roster-summary"))
        assert rows()[0][:2] == [
            "Fejl",
            "linje 4: forælders e-mail: 'far@example' er ikke en e-mailadresse",
        ]
        await pilot.press("ctrl+g")  # only after typing how many rows are left out
        await wait_until(pilot, lambda: isinstance(app.screen, SkipRowsDialog))
        assert "1 række med fejl udelades" in " ".join(
            str(widget.render()) for widget in app.screen.query(Static)
        )
        await pilot.press("2", "enter")
        assert text_of(app, "#problem").endswith("Antal rækker, der udelades: skriv 1")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RosterScreen))
        assert outbox(app) == [], "nothing applied"

        file.write_bytes(
            "\r\n".join(
                [
                    heading,
                    "E1;Åse;Østergaard;6.B;Forælder til Mikkel Østergaard;mor@oestergaard.dk",
                    mikkel,
                    "E9;Ny;Elev;0A;Far;far@example.dk",
                ]
            ).encode("cp1252")
        )
        await dry_run()
        await wait_until(
            pilot,
            lambda: text_of(app, "#roster-summary") == "1 nye, 1 ændrede, 2 udmeldes, 1 uændrede",
        )
        assert "apply" in footer_actions(app)
        assert ["Ændret", "Åse Østergaard", "6.B", "klasse 5.B → 6.B"] in rows()
        assert ["Udmeldes", "Søren Kierkegaard", "7.A", "120,50 kr."] in rows()
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "1 nye elever, 1 ændrede og 2 udmeldte" in text_of(app, "#question Static")
        await pilot.press("j")
        await wait_until(pilot, lambda: len(outbox(app)) == 4)
        await wait_until(pilot, lambda: all(command[3] == "applied" for command in outbox(app)))
    with office.world.engine.connect() as connection:
        statuses = dict(connection.execute(select(Student.external_ref, Student.status)).all())
    assert statuses == {"E1": "active", "E2": "active", "E3": "left", "E4": "left", "E9": "active"}


async def test_admin_keys_in_english(office: Office) -> None:
    app = office.app(staff=OLE, language="en")
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        descriptions = {
            active.binding.action: active.binding.description
            for active in app.screen.active_bindings.values()
        }
        assert descriptions["approvals"] == "Approvals"
        assert descriptions["audit"] == "Audit log"
        assert descriptions["day_end"] == "Day end"
        assert descriptions["leavers"] == "Leavers"
        assert descriptions["roster"] == "Roster import"
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalsScreen))
        await wait_until(pilot, lambda: approval_rows(app)[0][0] == "Nothing waits for approval")
