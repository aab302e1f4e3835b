"""The systemd units in deploy/systemd run commands the CLI accepts, keep secrets out of the
unit, are hardened, and pass ``systemd-analyze verify`` where systemd's tools are installed."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from office_app.cli.main import build_parser
from office_app.cli.serve import DATABASE_ENV, METRICS_TOKEN_ENV
from office_app.config import load_settings

UNITS = Path(__file__).resolve().parent.parent / "deploy" / "systemd"
INSTALLED = "/opt/office-app/.venv/bin/office-app"
HARDENING = {
    "NoNewPrivileges": "yes",
    "CapabilityBoundingSet": "",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "RestrictSUIDSGID": "yes",
    "SystemCallFilter": "@system-service",
    "UMask": "0077",
}


def settings_of(unit: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in unit.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def environment_file(name: str) -> dict[str, str]:
    lines = (UNITS / name).read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


@pytest.mark.parametrize(
    ("unit", "environment", "arguments"),
    [
        ("office-app-ledger.service", "ledger.env.example", ["ledger", "serve"]),
        ("office-app-sync.service", "sync.env.example", ["sync"]),
    ],
)
def test_a_unit_runs_a_command_the_cli_accepts_with_its_secrets_in_a_file(
    unit: str, environment: str, arguments: list[str]
) -> None:
    values = settings_of(UNITS / unit)
    command = shlex.split(values["ExecStart"][0])
    assert command[0] == INSTALLED
    assert command[1 : 1 + len(arguments)] == arguments
    build_parser().parse_args(command[1:])  # exits the test on an argument the CLI refuses
    assert values["EnvironmentFile"] == [f"/etc/office-app/{environment.removesuffix('.example')}"]
    assert values["User"] == ["office-app"]
    for key, value in HARDENING.items():
        assert value in values.get(key, []), f"{unit}: {key}={value} missing"
    assert "Environment" not in values, "settings and secrets belong in the environment file"


def test_the_environment_files_name_what_the_programs_read() -> None:
    ledger = environment_file("ledger.env.example")
    assert set(ledger) == {DATABASE_ENV, METRICS_TOKEN_ENV}
    assert "target_session_attrs=read-write" in ledger[DATABASE_ENV]
    sync = environment_file("sync.env.example")
    settings = load_settings(sync)
    assert settings.ledger_url == sync["OFFICE_APP_LEDGER_URL"]
    assert str(settings.data_dir) == sync["OFFICE_APP_DATA_DIR"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_systemd_finds_nothing_wrong_with_the_units(tmp_path: Path) -> None:
    office_app = str(Path(sys.executable).parent / "office-app")  # this environment's
    for unit in ("office-app-ledger.service", "office-app-sync.service"):
        local = (UNITS / unit).read_text(encoding="utf-8").replace(INSTALLED, office_app)
        local = local.replace("/etc/office-app/", f"{tmp_path}/")
        (tmp_path / unit).write_text(local, encoding="utf-8")
    for example in ("ledger.env.example", "sync.env.example"):
        shutil.copy(UNITS / example, tmp_path / example.removesuffix(".example"))
    checked = subprocess.run(
        ["systemd-analyze", "verify", *(str(path) for path in tmp_path.glob("*.service"))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")
