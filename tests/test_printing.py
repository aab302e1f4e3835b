"""Saving printouts where the user finds them and sending them to ``lp`` (a fake one here:
the tests own no printer)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from office_app.config import SettingsError, load_settings, printer_from
from office_app.reports import (
    SaveError,
    day_end_file_name,
    receipt_file_name,
    save_and_print,
    statement_file_name,
)

PDF = b"%PDF-1.4 statement\n"
NAME = statement_file_name("5.B Åse Østergård", dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def test_file_names_say_what_the_printout_is() -> None:
    assert NAME == "kontoudtog_5.B-Åse-Østergård_2026-11-01_2026-11-30.pdf"
    assert receipt_file_name("K-000017") == "kvittering_K-000017.pdf"
    assert day_end_file_name(dt.date(2026, 11, 24), "en") == "cash-drawer_2026-11-24.pdf"
    assert statement_file_name("../../etc/passwd", dt.date(2026, 1, 1), dt.date(2026, 1, 2)) == (
        "kontoudtog_etc-passwd_2026-01-01_2026-01-02.pdf"
    )


def test_without_a_printer_the_pdf_is_saved_and_a_changed_reprint_kept_apart(
    tmp_path: Path,
) -> None:
    outcome = save_and_print(PDF, NAME, data_dir=tmp_path, printer=None)
    assert outcome.path == tmp_path / "statements" / NAME
    assert outcome.path.read_bytes() == PDF
    assert not outcome.printed and outcome.message == f"Gemt i {outcome.path}"
    same = save_and_print(PDF, NAME, data_dir=tmp_path, printer=None)
    assert same.path == outcome.path
    changed = save_and_print(PDF + b"more", NAME, data_dir=tmp_path, printer=None)
    assert changed.path.name == NAME.replace(".pdf", "-2.pdf")
    assert outcome.path.read_bytes() == PDF  # the earlier printout is never overwritten
    assert {path.name for path in outcome.path.parent.iterdir()} == {
        NAME,
        NAME.replace(".pdf", "-2.pdf"),
    }


def test_with_a_printer_the_saved_file_goes_to_lp_with_its_title_and_paper(
    tmp_path: Path, fake_lp: Path
) -> None:
    outcome = save_and_print(
        PDF,
        NAME,
        data_dir=tmp_path / "data",
        printer="Kontor",
        title="Kvittering for kontant indbetaling K-000017",
        paper="A5",
    )
    assert (outcome.printed, outcome.stopped, outcome.job_id) == (True, False, "Kontor-17")
    assert (fake_lp / "lp-args").read_text().splitlines() == [
        "-d",
        "Kontor",
        "-t",
        "Kvittering for kontant indbetaling K-000017",
        "-o",
        "media=A5",
        str(outcome.path.resolve()),
    ]
    assert (fake_lp / "lpstat-args").read_text().splitlines() == ["-p", "Kontor"]
    assert outcome.message == f"Sendt til printeren Kontor (job Kontor-17) og gemt i {outcome.path}"
    save_and_print(PDF, NAME, data_dir=tmp_path / "data", printer="Kontor")
    assert (fake_lp / "lp-args").read_text().splitlines()[2:6] == ["-t", NAME, "-o", "media=A4"]
    with pytest.raises(ValueError, match="paper"):
        save_and_print(PDF, NAME, data_dir=tmp_path, printer="Kontor", paper="Letter")


@pytest.mark.usefixtures("fake_lp")
@pytest.mark.parametrize(
    ("reason", "language", "said"),
    [
        ("Media empty or jammed", "da", "er i kø – printeren er stoppet (Media empty or jammed)"),
        ("", "da", "er i kø – printeren er stoppet (ingen årsag oplyst)"),
        ("Paused", "en", "is queued – the printer is stopped (Paused)"),
    ],
)
def test_a_stopped_printer_is_reported_with_the_job_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reason: str, language: str, said: str
) -> None:
    monkeypatch.setenv("FAKE_LPSTAT_STOPPED", reason or " ")
    outcome = save_and_print(PDF, NAME, data_dir=tmp_path, printer="Kontor", language=language)
    assert (outcome.printed, outcome.stopped, outcome.job_id) == (True, True, "Kontor-17")
    assert outcome.message.startswith("Job Kontor-17 ")
    assert said in outcome.message
    assert str(outcome.path) in outcome.message


@pytest.mark.usefixtures("fake_lp")
def test_a_refused_print_says_why_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LP_FAIL", "1")
    outcome = save_and_print(PDF, NAME, data_dir=tmp_path, printer="Kontor", language="en")
    assert not outcome.printed
    assert outcome.message == (
        "The printer Kontor did not print (lp: The printer or class does not exist.)."
        f" The PDF is saved in {outcome.path}"
    )
    assert outcome.path.read_bytes() == PDF


def test_a_missing_lp_says_so_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    outcome = save_and_print(PDF, NAME, data_dir=tmp_path, printer="Kontor")
    assert not outcome.printed
    assert "kommandoen lp findes ikke" in outcome.message
    assert outcome.path.read_bytes() == PDF


def test_a_data_folder_that_cannot_hold_files_is_named(tmp_path: Path) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(SaveError, match=r"Kan ikke gemme i .*data/statements"):
        save_and_print(PDF, NAME, data_dir=blocked, printer=None)


def test_the_printer_setting_from_the_environment_or_the_settings_file(tmp_path: Path) -> None:
    base = {
        "OFFICE_APP_DATA_DIR": str(tmp_path),
        "OFFICE_APP_LEDGER_URL": "http://127.0.0.1:9",
        "OFFICE_APP_DEVICE_TOKEN": "t",
    }
    assert load_settings(base).printer is None
    (tmp_path / "settings.toml").write_text('printer = "Kontor_1"\n')
    assert load_settings(base).printer == "Kontor_1"
    assert printer_from({**base, "OFFICE_APP_PRINTER": "Gang"}) == "Gang"
    with pytest.raises(SettingsError, match="printer: '-o evil' is not a printer name"):
        printer_from({**base, "OFFICE_APP_PRINTER": "-o evil"})
