"""The Alembic chain builds the schema the models describe, and can go down and up again."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from models import Base
from office_app.db import downgrade, make_engine, migrate
from tests.conftest import create_postgres_database, postgres_base_url


def _empty_database(backend: str, tmp_path: Path) -> Engine:
    if backend == "sqlite":
        return make_engine(str(tmp_path / "empty.db"))
    base_url = postgres_base_url()
    if base_url is None:
        pytest.skip("OFFICE_APP_TEST_POSTGRES not set")
    return make_engine(create_postgres_database(base_url))


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_upgrade_empty_database_to_head_matches_models(backend: str, tmp_path: Path) -> None:
    engine = _empty_database(backend, tmp_path)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert _differences(engine) == []
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_downgrade_to_base_and_upgrade_again(backend: str, tmp_path: Path) -> None:
    engine = _empty_database(backend, tmp_path)
    migrate(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert _differences(engine) == []
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_ledger_rows_are_append_only(backend: str, tmp_path: Path) -> None:
    """I10 at the database: an UPDATE or DELETE of an entry is refused by a trigger."""
    from tests.world import make_world

    engine = _empty_database(backend, tmp_path)
    migrate(engine)
    world = make_world(engine)
    student = world.add_student()
    world.deposit(student, 10000)
    for statement in ("UPDATE ledger_entries SET amount_ore = 1", "DELETE FROM ledger_entries"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT sum(amount_ore) FROM ledger_entries")).scalar() == 0
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_audit_events_written_before_the_feed_carried_them_get_their_commands_number(
    backend: str, tmp_path: Path
) -> None:
    """Revision 0002 numbers the ledger's existing audit events by their commands; the chain
    still verifies, and the events stay append-only."""
    from office_app.ledger.verify import verify
    from tests.world import make_world

    engine = _empty_database(backend, tmp_path)
    migrate(engine)
    world = make_world(engine)
    student = world.add_student()
    world.deposit(student, 10000)
    downgrade(engine, "0001")
    migrate(engine)
    with engine.connect() as connection:
        numbered = connection.execute(
            text(
                "SELECT count(*), count(audit_events.seq), "
                "sum(CASE WHEN audit_events.seq = commands.seq THEN 1 ELSE 0 END) "
                "FROM audit_events JOIN commands USING (command_id)"
            )
        ).one()
    assert numbered[0] >= 2 and numbered[0] == numbered[1] == numbered[2]
    assert verify(engine, world.school_id) == []
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET staff = 'x'"))
    assert _differences(engine) == []
    engine.dispose()
