"""``office-app statement`` on a replica synced from the real server, then read offline."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, select

from models import Guardian, StudentGuardian
from office_app.cli import main
from office_app.db import make_sessionmaker
from office_app.ledger.embedded import embedded_server
from tests.pdf_text import page_texts
from tests.world import CARD, make_world

PERIOD = ["--from", "2026-11-01", "--to", "2026-11-30"]


@pytest.fixture
def synced(
    sqlite_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> uuid.UUID:
    """A replica in the office's data folder, synced from a ledger that then goes away."""
    world = make_world(sqlite_engine)
    student = world.child_with_card(30000)
    world.buy(CARD, 4500)
    other = world.add_student("Ida Kjær", "5.B")
    world.deposit(other, 1000)
    monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path / "data"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
        monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", world.tokens["office"])
        assert main(["sync", "--once"]) == 0
    monkeypatch.setenv("OFFICE_APP_LEDGER_URL", "http://127.0.0.1:9")  # the ledger is gone
    capsys.readouterr()
    return student


def test_statements_are_written_offline_for_a_child_a_card_and_a_class(
    synced: uuid.UUID, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "freja.pdf"
    assert main(["statement", "--student", str(synced), *PERIOD, "-o", str(one)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Statement for 1 child, 2026-11-01 to 2026-11-30: {one}"
    )
    text = page_texts(one.read_bytes())[0]
    assert "Freja Nielsen" in text and "-45,00" in text and "255,00" in text

    by_card = tmp_path / "card.pdf"
    assert main(["statement", "--card", CARD, *PERIOD, "-o", str(by_card)]) == 0
    assert page_texts(by_card.read_bytes()) == page_texts(one.read_bytes()), "the same pages"
    metadata = PdfReader(one).metadata
    assert metadata is not None and metadata.creation_date is not None
    assert metadata.creation_date.year > 2000, "the real creation date, not 2000"

    english = tmp_path / "class.pdf"
    args = ["statement", "--class", "5.B", *PERIOD, "-o", str(english), "--lang", "en"]
    assert main(args) == 0
    assert "2 children" in capsys.readouterr().out
    pages = page_texts(english.read_bytes())
    assert len(pages) == 2
    assert "Freja Nielsen" in pages[0] and "Ida Kjær" in pages[1]
    assert "Account statement" in pages[0] and "Page 1 of 1" in pages[1]


def test_a_household_statement_by_the_guardian_email(
    synced: uuid.UUID, sqlite_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with make_sessionmaker(sqlite_engine)() as session:
        email = session.scalars(
            select(Guardian.email)
            .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
            .where(StudentGuardian.student_id == synced)
        ).one()
    assert email is not None
    output = tmp_path / "household.pdf"
    assert main(["statement", "--household", email.upper(), *PERIOD, "-o", str(output)]) == 0
    assert "1 child" in capsys.readouterr().out
    assert "Freja Nielsen" in page_texts(output.read_bytes())[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--student", "x", "--from", "2026-13-01", "--to", "2026-11-30"], "--from: '2026-13-01'"),
        (["--student", "x", *PERIOD[:2], "--to", "30.11.2026"], "write it as YYYY-MM-DD"),
        (["--student", "x", "--from", "2026-12-01", "--to", "2026-11-30"], "is after --to"),
        (["--student", "nobody", *PERIOD], "--student: no student 'nobody'"),
        (["--student", str(uuid.UUID(int=7)), *PERIOD], "--student: no student"),
        (["--card", "99999999", *PERIOD], "--card: no card '99999999'"),
        (["--class", "9.Z", *PERIOD], "--class: no class '9.Z'"),
        (["--household", "nobody@example.dk", *PERIOD], "--household: no guardian"),
    ],
)
@pytest.mark.usefixtures("synced")
def test_bad_input_is_one_line_naming_the_option(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "out.pdf"
    assert main(["statement", *args, "-o", str(output)]) == 1
    error = capsys.readouterr().err.strip()
    assert message in error
    assert len(error.splitlines()) == 1 and "Traceback" not in error
    assert not output.exists()


def test_an_unwritable_output_is_one_line(
    synced: uuid.UUID, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for output, message in [
        (tmp_path / "missing" / "out.pdf", "-o: the folder"),
        (tmp_path, "is a folder"),
        (blocker / "out.pdf", "a-file is not a folder"),
    ]:
        assert main(["statement", "--student", str(synced), *PERIOD, "-o", str(output)]) == 1
        error = capsys.readouterr().err.strip()
        assert message in error and len(error.splitlines()) == 1


def test_without_local_data_it_says_to_sync_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path))
    output = tmp_path / "out.pdf"
    assert main(["statement", "--class", "5.B", *PERIOD, "-o", str(output)]) == 1
    error = capsys.readouterr().err.strip()
    assert "has no local data yet; run office-app sync --once first" in error
