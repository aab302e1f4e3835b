"""``office-app ledger set-school`` and ``office-app payouts ...`` as an administrator runs them:
the school's settings reach the office, and payouts go to the bank and back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from models import AuditEvent, Payout, School
from office_app.cli import main
from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from tests.bank_support import pain001_schema, status_report
from tests.test_bank_file import approved_payouts
from tests.world import World, make_world


def database(engine: Engine) -> str:
    return str(engine.url.database)


@pytest.fixture
def office(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    world = make_world(sqlite_engine)
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
        monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", world.tokens["office"])
        monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path / "office"))
        monkeypatch.setenv("OFFICE_APP_LANGUAGE", "da")
        yield world


def set_school(world: World, *options: str) -> int:
    school = ["--database", database(world.engine), "--school", str(world.school_id)]
    return main(["ledger", "set-school", *school, *options])


def test_school_settings_are_checked_set_and_reach_the_office(
    office: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = {
        ("--cvr", "1234"): "--cvr: a CVR number is 8 digits and does not start with 0",
        ("--bank-reg", "0000", "--bank-account", "1"): "--bank-reg: Registration number cannot",
        ("--bank-reg", "3001"): "--bank-account: give --bank-reg and --bank-account together",
        ("--bank-iban", "DK5000400440116244"): "--bank-iban: IBAN: the check digits do not",
        ("--payout-threshold", "-5"): "--payout-threshold: must not be negative",
        ("--contact", "a\tb"): "--contact: may not contain control characters",
        ("--bank-agreement", "x" * 36): "--bank-agreement: at most 35 characters",
    }
    for options, message in refused.items():
        assert set_school(office, *options) == 1
        error = capsys.readouterr().err
        assert error.startswith(f"office-app: {message}"), error
        assert error.count("\n") == 1
    assert (
        set_school(
            office,
            "--address",
            "Skovbovej 12, 4600 Køge",
            "--cvr",
            "12345678",
            "--contact",
            "Kontoret, 56 12 34 56, kontor@skovbo.dk",
            "--bank-reg",
            "3001",
            "--bank-account",
            "0011223344",
            "--bank-agreement",
            "AFT-4471",
            "--payout-threshold",
            "400",
            "--low-balance-threshold",
            "25,50",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Reg. no. 3001: the bank registry names DANSKE BANK A/S (a hint only" in out
    assert "Payouts above this need a second admin: 400.00 kr." in out
    assert set_school(office, "--cvr", "12345678") == 0
    assert "Nothing changed" in capsys.readouterr().out
    assert set_school(office, "--bank-iban", "DK50 0040 0440 1162 43") == 0
    assert "NORDEA" in capsys.readouterr().out

    assert main(["sync", "--once"]) == 0
    replica = make_engine(str(tmp_path / "office" / "office.db"))
    with replica.connect() as connection:
        school = connection.execute(select(School)).one()
    replica.dispose()
    assert (school.cvr, school.contact, school.bank_agreement_id) == (
        "12345678",
        "Kontoret, 56 12 34 56, kontor@skovbo.dk",
        "AFT-4471",
    )
    assert (school.bank_reg_no, school.bank_account_no) == ("0040", "0440116243")
    assert (school.payout_approval_threshold_ore, school.low_balance_threshold_ore) == (
        40000,
        2550,
    )
    with office.engine.connect() as connection:
        changes = connection.execute(
            select(AuditEvent.details).where(AuditEvent.action == "school.settings")
        ).scalars()
        assert [sorted(change["changed"]) for change in changes][-1] == [
            "bank_account_no",
            "bank_reg_no",
        ]
    assert verify(office.engine) == []


def test_payouts_to_the_bank_and_back_from_the_command_line(
    office: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paid, refused = approved_payouts(office, [60000, 12500], "Åse Ærø")
    folder = tmp_path / "bank"
    assert main(["payouts", "bank-file", "--out", str(folder), "--staff", "ole"]) == 1
    assert "Skolen har ingen bankkonto at betale fra" in capsys.readouterr().out
    assert set_school(office, "--bank-reg", "3001", "--bank-account", "11223344") == 0
    capsys.readouterr()

    assert main(["payouts", "bank-file", "--out", str(folder), "--staff", "hanne"]) == 1
    assert "--staff: 'hanne' is not an active admin" in capsys.readouterr().err
    assert main(["payouts", "bank-file", "--out", str(folder), "--staff", "ole"]) == 1
    captured = capsys.readouterr()
    assert "Bankfil med 2 udbetalinger, i alt 725,00 kr., fra skolens konto 3001" in captured.out
    assert "--yes: bekræft på kommandolinjen" in captured.err
    assert not folder.exists()
    assert main(["payouts", "bank-file", "--out", str(folder), "--staff", "ole", "--yes"]) == 0
    assert "Bankfilen er klar til banken" in capsys.readouterr().out
    (path,) = folder.glob("*.xml")
    pain001_schema().validate(path.read_text(encoding="utf-8"))

    assert main(["payouts", "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.count("Sendt til banken") == 2 and path.name in listed

    message_id = path.read_text().split("<MsgId>")[1].split("<")[0]
    report = tmp_path / "status.xml"
    report.write_bytes(
        status_report(
            message_id,
            [
                (uuid.UUID(paid).hex, "ACSC", "", ""),
                (uuid.UUID(refused).hex, "RJCT", "AC04", "Kontoen er ophævet"),
            ],
        )
    )
    status = ["payouts", "import-status", str(report), "--staff", "ole", "--yes"]
    assert main(status) == 0
    out = capsys.readouterr().out
    assert "Betalt: Åse Ærø 600,00 kr." in out
    assert "Afvist af banken: Åse Ærø 125,00 kr. (AC04 Kontoen er ophævet)" in out
    assert "1 betalt, 1 afvist, 0 sendt retur, 0 stadig hos banken" in out
    assert main(status) == 0, "the same report again changes nothing"
    assert "Allerede behandlet" in capsys.readouterr().out

    back = ["payouts", "return", uuid.UUID(paid).hex, "--reason", "AC04", "--staff", "ole"]
    assert main([*back, "--yes"]) == 0
    assert "Sendt retur af banken efter betaling: Åse Ærø 600,00 kr." in capsys.readouterr().out
    with office.engine.connect() as connection:
        states = dict(connection.execute(select(Payout.id, Payout.status)).all())
    assert states == {uuid.UUID(paid): "returned", uuid.UUID(refused): "rejected"}
    assert office.system_balance("bank") == 0
    assert office.system_balance("payout_clearing") == 0

    (tmp_path / "junk.xml").write_text("<Document/>")
    assert main(["payouts", "import-status", str(tmp_path / "junk.xml"), "--staff", "ole"]) == 1
    assert "not a pain.002 payment status report" in capsys.readouterr().err
    assert verify(office.engine) == []
