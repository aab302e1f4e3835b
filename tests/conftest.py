"""Shared fixtures: real SQLite files migrated by Alembic, and real PostgreSQL when named.

With ``OFFICE_APP_TEST_WALL_CLOCK`` set to an ISO 8601 moment, the computer's clock as this
process sees it (``datetime.now``, ``date.today``, ``time.time``) starts there and ticks on,
for the whole run: the suite must pass whatever the wall clock says.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import Engine, create_engine, text

from office_app.db import make_engine, migrate, normalise_url

POSTGRES_ENV = "OFFICE_APP_TEST_POSTGRES"
WALL_CLOCK_ENV = "OFFICE_APP_TEST_WALL_CLOCK"


def _moved_wall_clock() -> dt.datetime | None:
    text = os.environ.get(WALL_CLOCK_ENV, "").strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"{WALL_CLOCK_ENV}: {text!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"{WALL_CLOCK_ENV}: give the offset, e.g. {text}+01:00")
    return moment


def pytest_configure(config: pytest.Config) -> None:
    moment = _moved_wall_clock()
    if moment is not None:
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header() -> str | None:
    moment = _moved_wall_clock()
    return f"wall clock moved to {moment.isoformat()}, ticking" if moment else None


def postgres_base_url() -> str | None:
    """The PostgreSQL URL for tests; in CI its absence is a failure, never a silent skip."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_ENV} is not set in CI: PostgreSQL tests must run")
    return None


def create_postgres_database(base_url: str) -> str:
    """A new empty database on the test server; returns its URL."""
    name = f"office_app_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(autouse=True)
def danish_after_each_test() -> Iterator[None]:
    """Every test starts in Danish, the office's default, whatever the one before chose."""
    from office_app.i18n import set_language

    set_language("da")
    yield
    set_language("da")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file upgraded to head, copied for each test that needs a database."""
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    engine = make_engine(str(path))
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "ledger.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(str(path))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_engine_shared() -> Iterator[Engine]:
    """A migrated PostgreSQL database shared by a session; tests keep apart by school."""
    base_url = postgres_base_url()
    if base_url is None:
        pytest.skip(f"{POSTGRES_ENV} not set")
    engine = make_engine(create_postgres_database(base_url))
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_engine(request: pytest.FixtureRequest) -> Engine:
    """The ledger database on each backend the ledger claims to run on."""
    name = "sqlite_engine" if request.param == "sqlite" else "postgres_engine_shared"
    engine: Engine = request.getfixturevalue(name)
    return engine


FAKE_LP = """#!/bin/sh
printf '%s\\n' "$@" > "$(dirname "$0")/lp-args"
if [ -n "$FAKE_LP_FAIL" ]; then
  echo "lp: The printer or class does not exist." >&2
  exit 1
fi
echo "request id is Kontor-17 (1 file(s))"
"""
#: ``lpstat -p`` as CUPS answers it; FAKE_LPSTAT_STOPPED set: the queue is stopped (paused, or
#: stopped by an error such as paper out), with that text as CUPS's reason.
FAKE_LPSTAT = """#!/bin/sh
printf '%s\\n' "$@" > "$(dirname "$0")/lpstat-args"
if [ -n "$FAKE_LPSTAT_STOPPED" ]; then
  echo "printer $2 disabled since Tue 24 Nov 2026 09:12:44 CET -"
  echo "	$FAKE_LPSTAT_STOPPED"
  exit 0
fi
echo "printer $2 is idle.  enabled since Tue 24 Nov 2026 08:00:01 CET"
"""


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, program in (("lp", FAKE_LP), ("lpstat", FAKE_LPSTAT)):
        script = folder / name
        script.write_text(program)
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder
