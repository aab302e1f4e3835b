"""``office-app export``: balances and the whole ledger as CSV, matching the replica to the øre,
safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import shutil
import uuid
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from models import Account
from office_app.cli import main
from office_app.db import make_engine
from office_app.desk.export import export, neutralise
from office_app.domain.money import format_plain
from office_app.ledger.embedded import embedded_server
from office_app.sync.puller import pull
from tests.world import World, make_world

NASTY_NAMES = ('=HYPERLINK("http://x")', "+45 1234", "-Ole", "@SUM(A1)", "Åse Ølgaard")


def read_csv(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def school_with_history(world: World) -> list[uuid.UUID]:
    students = [world.add_student(name) for name in NASTY_NAMES]
    world.add_card(students[0], "4400001")
    world.deposit(students[0], 12345)
    world.deposit(students[1], 99)
    assert world.buy("4400001", 1250).status == "applied"
    purchase_txn = world.buy("4400001", 500)
    assert purchase_txn.status == "applied"
    replaced = world.office_send(
        "card.replace",
        {
            "old_card_number": "4400001",
            "new_card_number": "4400002",
            "fee_ore": 3000,
            "fee_waiver_reason": None,
        },
    )
    assert replaced.status == "applied", replaced
    return students


def test_export_matches_the_replica_to_the_ore(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    students = school_with_history(world)
    shutil.copy(sqlite_template, tmp_path / "office.db")
    office = make_engine(str(tmp_path / "office.db"))
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        pull(office, client, world.school_id)
    summary = export(office, world.school_id, tmp_path / "out")
    balances = read_csv(tmp_path / "out" / "balances.csv")
    ledger = read_csv(tmp_path / "out" / "ledger.csv")

    assert summary.children == len(balances) == len(students)
    by_name = {row["Navn"]: row for row in balances}
    first = by_name['\'=HYPERLINK("http://x")']
    assert (first["Saldo (øre)"], first["Saldo (kr.)"], first["Status"]) == (
        "7595",
        "75,95",
        "aktiv",
    )
    assert world.balance(students[0]) == 7595
    assert by_name["'+45 1234"]["Saldo (kr.)"] == "0,99"
    assert {"'-Ole", "'@SUM(A1)", "Åse Ølgaard"} <= set(by_name)
    assert summary.owed_ore == sum(int(row["Saldo (øre)"]) for row in balances) == 7595 + 99

    with office.connect() as connection:
        accounts = dict(connection.execute(select(Account.id, Account.balance_ore)).all())
    per_account: dict[str, int] = defaultdict(int)
    for entry in ledger:
        assert int(entry["Beløb (kr.)"].replace(",", "")) == int(entry["Beløb (øre)"])
        per_account[entry["Konto"]] += int(entry["Beløb (øre)"])
    assert per_account == {
        str(account): balance for account, balance in accounts.items() if balance
    }
    assert sum(per_account.values()) == 0
    assert summary.entries == len(ledger)
    purchases = [entry for entry in ledger if entry["Art (kode)"] == "purchase"]
    assert {entry["Beløb (kr.)"] for entry in purchases} >= {"-12,50", "12,50"}, (
        "amounts keep their minus: only text is neutralised"
    )
    assert all(entry["Elev"] == '\'=HYPERLINK("http://x")' for entry in purchases)
    assert {entry["Art"] for entry in purchases} == {"Køb i kantinen"}
    assert {entry["Tekst"] for entry in purchases} == {"Køb i kantinen"}
    assert {entry["Kontoart"] for entry in purchases} == {"elevkonto", "kantinesalg"}
    deposit = next(entry for entry in ledger if entry["Art (kode)"] == "cash_deposit")
    assert (deposit["Art"], deposit["Tekst"]) == (
        "Kontant indbetaling",
        "Kontant indbetaling, kvittering K-1",
    )
    fee = next(entry for entry in ledger if entry["Art (kode)"] == "card_fee")
    assert fee["Tekst"] == "Kort 4400002 erstatter 4400001"
    # 08:00 UTC on 24 November is 09:00 in Copenhagen, a date and time a spreadsheet reads.
    assert (deposit["Bogført"], deposit["Bogført, UTC-forskydning"]) == (
        "2026-11-24 09:00:00",
        "UTC+01:00",
    )
    assert (deposit["Sket"], deposit["Sket, UTC-forskydning"]) == (
        "2026-11-24 09:00:00",
        "UTC+01:00",
    )
    office.dispose()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("Ida =1", "Ida =1"),
        ("", ""),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_neutralised(text: str, shown: str) -> None:
    assert neutralise(text) == shown


@pytest.mark.parametrize(
    ("amount_ore", "text"),
    [(0, "0,00"), (5, "0,05"), (-123450, "-1234,50"), (10**12, "10000000000,00")],
)
def test_amounts_are_exact_with_a_decimal_comma(amount_ore: int, text: str) -> None:
    assert format_plain(amount_ore) == text


def test_export_command(
    sqlite_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = make_world(sqlite_engine)
    school_with_history(world)
    monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", world.tokens["office"])
    monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path / "office"))
    out = tmp_path / "eksport"
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
        assert main(["export", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"{out / 'balances.csv'}: 5 children, owed in all 76,94 kr." in printed
    assert len(read_csv(out / "ledger.csv")) == 10

    # Offline it exports the office's copy and says so.
    monkeypatch.setenv("OFFICE_APP_LEDGER_URL", "http://127.0.0.1:9")
    assert main(["export", "--out", str(out)]) == 0
    assert "exporting the office's copy" in capsys.readouterr().err
    assert main(["export", "--out", str(out / "balances.csv")]) == 1
    error = capsys.readouterr().err.strip()
    assert error.endswith("balances.csv is a file, not a folder")
    assert not list(out.glob("*.partial"))


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("Cash deposit, receipt K-000017", "Kontant indbetaling, kvittering K-000017"),
        ("Online deposit by MobilePay, P-1", "Indbetaling med MobilePay, P-1"),
        ("Online deposit by card, P-2", "Indbetaling med kort, P-2"),
        (
            "Cash deposit, receipt K-1 for Ida, who has left: held in suspense",
            "Kontant indbetaling, kvittering K-1 for Ida, der er udmeldt: holdt på mellemregning",
        ),
        ("Canteen purchase", "Køb i kantinen"),
        ("Automatic top-up, MP-1", "Automatisk optankning, MP-1"),
        ("Card 2 replaces 1", "Kort 2 erstatter 1"),
        ("Moved to Bo; consent: Mor", "Flyttet til Bo; samtykke: Mor"),
        ("Payout to 1234 5678", "Udbetaling til 1234 5678"),
        ("Paid to 1234 5678, f.xml", "Betalt til 1234 5678, f.xml"),
        ("Payout rejected: Forkert konto", "Udbetaling afvist: Forkert konto"),
        ("Payout rejected by the bank: AC01", "Udbetaling afvist af banken: AC01"),
        ("Payout returned by the bank: AC04", "Udbetaling retur fra banken: AC04"),
        ("Reversal: Dobbelt", "Tilbageførsel: Dobbelt"),
        ("Something new", "Something new"),
    ],
)
def test_every_ledger_text_reads_in_danish(english: str, danish: str) -> None:
    from office_app.i18n.ledger_texts import ledger_text

    assert ledger_text(english, "da") == danish
    assert ledger_text(english, "en") == english
