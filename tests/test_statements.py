"""Statements for one child, built through the real engine and read back from the PDF."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

from sqlalchemy import Engine

from office_app.db import make_sessionmaker
from office_app.domain.money import format_amount
from office_app.reports import Statement, StatementRenderer, statement
from office_app.reports.layout import ELLIPSIS
from tests.pdf_text import page_lines, page_texts, text_runs
from tests.world import CARD, World, make_world

NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _statement(world: World, student: uuid.UUID, first: dt.date, last: dt.date) -> Statement:
    with make_sessionmaker(world.engine)() as session:
        return statement(session, student, first, last)


def _count(amount_ore: int, text: str) -> int:
    """How often an amount stands on its own in the text (not inside a larger number)."""
    return len(re.findall(rf"(?<![\d.,]){re.escape(format_amount(amount_ore))}(?![\d,])", text))


def _every_kind(world: World) -> uuid.UUID:
    """A child whose November has every kind of wallet movement, and a declined purchase."""
    student = world.add_student("Åse Ærø Østergård", "5.B")
    world.add_card(student, CARD)
    world.deposit(student, 50000)
    world.clock.advance(hours=1)
    world.send(
        world.portal,
        "deposit.online",
        {"student_id": student, "amount_ore": 20000, "method": "mobilepay", "payment_ref": "P-1"},
    )
    world.clock.advance(hours=1)
    first_purchase = world.buy(CARD, 4500)
    world.send(
        world.portal,
        "autotopup.create",
        {"student_id": student, "amount_ore": 10000, "payment_ref": "MP-1"},
    )
    world.clock.advance(days=1)
    assert "autotopup_txn_id" in world.buy(CARD, 62000).result
    world.office_send(
        "card.replace",
        {"old_card_number": CARD, "new_card_number": "1000002", "fee_ore": 3000},
        staff="hanne",
    )
    world.clock.advance(days=1)
    payout = world.office_send(
        "payout.request",
        {
            "student_id": student,
            "amount_ore": 5000,
            "holder_name": "Mette Østergård",
            "reg_no": "1234",
            "account_no": "12345678",
            "message": "",
        },
        staff="hanne",
    )
    payout_id = payout.result["payout_id"]
    world.office_send("payout.reject", {"payout_id": payout_id, "reason": "Forkert konto"})
    reversal = world.office_send(
        "txn.reverse", {"txn_id": first_purchase.result["txn_id"], "reason": "Dobbelt købt"}
    )
    world.office_send(
        "reversal.approve", {"reversal_id": reversal.result["reversal_id"]}, staff="birgit"
    )
    assert world.buy("1000002", 999900).code == "insufficient_funds"
    return student


def test_every_movement_is_a_line_and_the_balances_add_up(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    student = _every_kind(world)
    data = _statement(world, student, *NOVEMBER)

    assert data.opening_balance_ore == 0
    assert data.opening_balance_ore + sum(line.amount_ore for line in data.lines) == (
        data.closing_balance_ore
    )
    assert data.closing_balance_ore == world.balance(student)
    running = data.opening_balance_ore
    for line in data.lines:
        running += line.amount_ore
        assert line.balance_ore == running
    assert [line.kind for line in data.lines] == [
        "cash_deposit",
        "online_deposit",
        "purchase",
        "purchase",
        "autotopup",
        "card_fee",
        "payout_reserve",
        "payout_return",
        "reversal",
    ]
    assert {total.kind: (total.count, total.amount_ore) for total in data.totals}["purchase"] == (
        2,
        -66500,
    )

    text = page_texts(StatementRenderer().render(data))[0]
    for words in (
        "Kontant indbetaling",
        "Indbetaling på nettet",
        "Køb i kantinen",
        "Automatisk optankning",
        "Gebyr for nyt kort",
        "Udbetaling til bankkonto",
        "Udbetaling afvist, beløbet sat ind igen",
        "Tilbageførsel af køb i kantinen 24.11.2026",
        "Åse Ærø Østergård",
        "Saldo primo 01.11.2026",
        "Saldo ultimo 30.11.2026",
        "Sum pr. type",
        "Afviste køb",
        "Ikke penge nok på kontoen",
        "9.999,00",
        "Side 1 af 1",
    ):
        assert words in text, words
    lines = page_lines(StatementRenderer().render(data))[0]
    closing = lines.index("Saldo ultimo 30.11.2026")
    assert lines[closing + 1] == format_amount(world.balance(student))


def test_times_are_copenhagen_time_and_days_split_at_local_midnight(
    sqlite_engine: Engine,
) -> None:
    world = make_world(sqlite_engine)
    student = world.child_with_card(10000)
    world.clock.now = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)  # 1 Dec, 00:30 in Denmark
    world.buy(CARD, 1234)
    november = _statement(world, student, *NOVEMBER)
    december = _statement(world, student, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert [line.amount_ore for line in november.lines] == [10000]
    assert [line.amount_ore for line in december.lines] == [-1234]
    assert december.opening_balance_ore == november.closing_balance_ore == 10000
    text = page_texts(StatementRenderer().render(december))[0]
    assert "01.12.2026 00:30" in text
    assert "-12,34" in text


def test_a_long_period_runs_over_pages_with_the_header_on_each(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    student = world.child_with_card(200_000)
    world.deposit(student, 200_000)
    world.deposit(student, 100_000)
    amounts = [1000 + index for index in range(397)]
    for amount in amounts:
        world.clock.advance(minutes=90)
        assert world.buy(CARD, amount).status == "applied"
    data = _statement(world, student, dt.date(2026, 11, 1), dt.date(2027, 1, 31))
    assert len(data.lines) == 400
    pdf = StatementRenderer().render(data)
    pages = page_texts(pdf)
    assert len(pages) >= 5
    whole = "\n".join(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Side {number} af {len(pages)}" in text
        assert "Dato" in text and "Beløb (kr.)" in text and "Saldo (kr.)" in text
        assert "Freja Nielsen · 5.B · 01.11.2026 – 31.01.2027" in text
    for amount in amounts:
        assert _count(-amount, whole) == 1, amount
    assert "Køb i kantinen" in pages[-1]
    assert data.closing_balance_ore == world.balance(student)
    assert "5.000,00" in pages[0]  # Danish thousands and decimals
    assert "4.990,00" in pages[0]


def test_an_empty_period_says_so_and_shows_the_balance(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    student = world.child_with_card(4250)
    data = _statement(world, student, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert data.lines == () and data.totals == ()
    assert data.opening_balance_ore == data.closing_balance_ore == 4250
    lines = page_lines(StatementRenderer().render(data))[0]
    assert "Ingen bevægelser på kontoen i perioden." in lines
    assert lines[lines.index("Saldo primo 01.12.2026") + 1] == "42,50"
    assert lines[lines.index("Saldo ultimo 31.12.2026") + 1] == "42,50"


def test_the_english_statement(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    student = _every_kind(world)
    text = page_texts(StatementRenderer("en").render(_statement(world, student, *NOVEMBER)))[0]
    for words in (
        "Account statement",
        "Opening balance 01/11/2026",
        "Closing balance 30/11/2026",
        "Canteen purchase",
        "Automatic top-up",
        "Fee for a new card",
        "Payout to bank account",
        "Reversal of canteen purchase 24/11/2026",
        "Declined purchases",
        "Page 1 of 1",
        "-620.00",
        "9,999.00",
    ):
        assert words in text, words
    assert "Køb i kantinen" not in text


def test_a_reprint_is_byte_for_byte_the_same(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    student = _every_kind(world)
    first = StatementRenderer().render(_statement(world, student, *NOVEMBER))
    again = StatementRenderer().render(_statement(world, student, *NOVEMBER))
    assert first == again
    world.buy("1000002", 100)
    changed = StatementRenderer().render(_statement(world, student, *NOVEMBER))
    assert changed != first


def test_very_long_names_wrap_or_are_cut_and_never_reach_the_amounts(
    sqlite_engine: Engine,
) -> None:
    world = make_world(sqlite_engine)
    name = "Æbbe-Østergaard " * 12 + "Ålund"
    student = world.add_student(name, "9.C")
    world.add_card(student, CARD)
    world.deposit(student, 10000)
    pdf = StatementRenderer().render(_statement(world, student, *NOVEMBER))
    runs = text_runs(pdf)
    amounts_left = min(run.left for run in runs if run.text == "Beløb (kr.)")
    page_right = max(run.right for run in runs if run.text.startswith("Side "))
    name_runs = [run for run in runs if "Æbbe" in run.text]
    footer = min(name_runs, key=lambda run: run.baseline)
    wrapped = [run for run in name_runs if run is not footer]
    assert len(wrapped) >= 2  # the name wraps over lines in the heading
    assert "".join(run.text for run in wrapped).replace(" ", "") == name.replace(" ", "")
    assert footer.text.endswith(ELLIPSIS)
    page_label = next(run for run in runs if run.text == "Side 1 af 1")
    assert footer.right < page_label.left
    for run in name_runs:
        assert run.right <= page_right
    # In the transaction table the description column ends before the amounts begin.
    for run in runs:
        if run.text in ("Kontant indbetaling", "Saldo primo 01.11.2026"):
            assert run.right < amounts_left


def test_letters_the_font_lacks_print_as_their_plain_letter(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    student = world.add_student("Nguyễn Thị Ánh Søgård", "4.A")
    world.add_card(student, CARD)
    text = page_texts(StatementRenderer().render(_statement(world, student, *NOVEMBER)))[0]
    assert "Nguyen Thi Ánh Søgård" in text


def test_a_statement_carries_what_an_auditor_and_a_parent_look_for(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from office_app.domain.school import SchoolSettingsInput
    from office_app.ledger.school_settings import set_school

    world = make_world(sqlite_engine)
    set_school(
        sqlite_engine,
        world.school_id,
        SchoolSettingsInput(
            address="Skovbovej 12, 4600 Køge",
            cvr="12345678",
            contact="Kontoret 56 12 34 56, kontor@skovbo.dk",
            bank_reg="3001",
            bank_account="11223344",
        ),
        clock=world.clock,
    )
    student = _every_kind(world)
    world.clock.advance(hours=1)
    paid = world.office_send(
        "payout.request",
        {
            "student_id": student,
            "amount_ore": 1000,
            "holder_name": "Mette Østergård",
            "reg_no": "1234",
            "account_no": "0012345678",
            "message": "",
        },
    )
    with make_sessionmaker(world.engine)() as session:
        data = statement(session, student, *NOVEMBER, issued_on=dt.date(2026, 11, 27))
    assert data.school.cvr == "12345678"
    assert data.addressees == ("Mette Nielsen",)
    assert data.cards == (("1000002", "active"), (CARD, "replaced"))
    payout_lines = [line for line in data.lines if line.kind.startswith("payout")]
    assert [(line.kind, line.account) for line in payout_lines] == [
        ("payout_reserve", "1234 ****5678"),
        ("payout_return", "1234 ****5678"),
        ("payout_reserve", "1234 ****5678"),
    ]
    assert paid.status == "applied"

    made = dt.datetime(2026, 11, 27, 14, 5, 9, tzinfo=dt.UTC)
    pdf = StatementRenderer().render(data, created_at=made)
    again = StatementRenderer().render(data, created_at=made + dt.timedelta(hours=3))
    assert pdf != again and page_texts(pdf) == page_texts(again), "same data, same pages"
    (tmp_path / "s.pdf").write_bytes(pdf)
    metadata = PdfReader(tmp_path / "s.pdf").metadata
    assert metadata is not None and metadata.creation_date == made
    text = " ".join(" ".join(page.split()) for page in page_texts(pdf))
    for words in (
        "Skovbovej 12, 4600 Køge",
        "CVR 12345678 · Kontoret 56 12 34 56, kontor@skovbo.dk",
        "Til Mette Nielsen",
        "Kort 1000002, 1000001 (erstattet)",
        "Udstedt 27.11.2026",
        "Udbetaling til bankkonto, 1234 ****5678",
    ):
        assert words in text, (words, text)
    assert "12345678 " not in text.replace("CVR 12345678", ""), "never the whole account"
