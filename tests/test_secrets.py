"""Secrets never printed: the device token hidden from repr and logs, the settings file and
the office's data folder readable by their owner only, secrets taken out of kept text."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from office_app.config import Settings, SettingsError, load_settings, write_settings
from office_app.domain.redact import hide_secrets
from office_app.sync.run import open_replica

TOKEN = "d3v1ce-t0ken-0f-the-office-Kx9"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_token_is_not_in_the_settings_repr_str_or_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    environ = {
        "OFFICE_APP_DATA_DIR": str(tmp_path),
        "OFFICE_APP_LEDGER_URL": "http://127.0.0.1:9",
        "OFFICE_APP_DEVICE_TOKEN": TOKEN,
    }
    settings = load_settings(environ)
    assert settings.device_token.get_secret_value() == TOKEN
    logging.getLogger("office_app.test").warning("settings: %s %r", settings, settings)
    for shown in (repr(settings), str(settings), f"{settings}", caplog.text):
        assert TOKEN not in shown
    assert "**********" in repr(settings)


def test_settings_written_by_setup_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    written = write_settings(folder, ledger_url="https://ledger.example", device_token=TOKEN)
    assert _mode(folder) == 0o700 and _mode(written) == 0o600
    # Rewriting keeps what else the file holds and stays private.
    written.chmod(0o600)
    write_settings(folder, printer="Kontor_1")
    values = load_settings({"OFFICE_APP_DATA_DIR": str(folder)})
    assert values.printer == "Kontor_1" and values.device_token.get_secret_value() == TOKEN
    assert _mode(written) == 0o600
    assert not list(folder.glob("*.partial"))


def test_a_settings_file_with_the_token_that_others_can_read_is_refused(tmp_path: Path) -> None:
    written = write_settings(tmp_path, ledger_url="https://ledger.example", device_token=TOKEN)
    written.chmod(0o644)
    with pytest.raises(SettingsError, match=r"others can read it; .*chmod 600"):
        load_settings({"OFFICE_APP_DATA_DIR": str(tmp_path)})
    # A file without the token (a printer name, a language) may be shared.
    (tmp_path / "other").mkdir()
    shared = tmp_path / "other" / "settings.toml"
    shared.write_text('ledger_url = "https://ledger.example"\n')
    shared.chmod(0o644)
    loaded = load_settings(
        {"OFFICE_APP_DATA_DIR": str(tmp_path / "other"), "OFFICE_APP_DEVICE_TOKEN": TOKEN}
    )
    assert loaded.ledger_url == "https://ledger.example"


def test_the_offices_data_folder_and_replica_are_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "new" / "office"
    engine = open_replica(Settings("http://127.0.0.1:9", SecretStr(TOKEN), folder))
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM students")
    assert _mode(folder) == 0o700
    assert _mode(folder / "office.db") == 0o600
    for journal in folder.glob("office.db-*"):
        assert _mode(journal) == 0o600, journal
    engine.dispose()
    # A folder made earlier with looser rights is made private when the office opens it.
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    open_replica(Settings("http://127.0.0.1:9", SecretStr(TOKEN), shared)).dispose()
    assert _mode(shared) == 0o700


def test_office_app_setup_reads_the_token_from_stdin_and_never_echoes_it(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    done = subprocess.run(
        [sys.executable, "-m", "office_app", "setup", "--ledger-url", "https://ledger.example"],
        input=TOKEN + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "OFFICE_APP_DATA_DIR": str(folder)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert TOKEN not in done.stdout + done.stderr
    assert _mode(folder / "settings.toml") == 0o600
    assert load_settings({"OFFICE_APP_DATA_DIR": str(folder)}).ledger_url == (
        "https://ledger.example"
    )
    refused = subprocess.run(
        [sys.executable, "-m", "office_app", "setup", "--ledger-url", "ftp://x"],
        input=TOKEN + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "OFFICE_APP_DATA_DIR": str(tmp_path / "other")},
        timeout=60,
        check=False,
    )
    assert refused.returncode != 0
    assert refused.stderr.startswith("office-app: --ledger-url: ")
    assert len(refused.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer abc.DEF-123", "Authorization: Bearer [hidden]"),
        ("{'password': 'hemmelig'}", "{'password': '[hidden]'}"),
        ("password_hash=$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "password_hash=[hidden]"),
        ('device_token = "abc123"', 'device_token = "[hidden]"'),
        ("stored $argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA here", "stored [hidden] here"),
        ("nothing to hide: 25,00 kr.", "nothing to hide: 25,00 kr."),
    ],
)
def test_secret_shaped_values_are_hidden(text: str, expected: str) -> None:
    assert hide_secrets(text) == expected


def test_a_known_secret_is_hidden_wherever_it_appears() -> None:
    assert hide_secrets(f"url?x={TOKEN}&y=1", [TOKEN]) == "url?x=[hidden]&y=1"
    assert hide_secrets("short ab", ["ab"]) == "short ab"
