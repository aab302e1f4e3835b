"""audit events in the change feed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The ledger's audit chain carries the change number of the command each event records, so
offices replicate the whole school's audit log (every device, every staff member). Events
written before this revision get the number their command was stored with; the number is not
part of an event's hash, so the chain verifies as before. Offices' own chains keep none.

An office replica made before this revision has followed the feed past events it never got:
its cursor goes back to the start, and its next pull reads the school again (rows it has are
written over with the same values; the ledger's audit events arrive in full).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: on SQLite a table rebuild would drop the append-only triggers.
    op.add_column("audit_events", sa.Column("seq", sa.BigInteger(), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    _allow_update(sqlite, allow=True)
    op.execute(
        "UPDATE audit_events SET seq = (SELECT commands.seq FROM commands "
        "WHERE commands.command_id = audit_events.command_id) "
        "WHERE chain = 'ledger' AND command_id IS NOT NULL"
    )
    _allow_update(sqlite, allow=False)
    op.create_index("ix_audit_events_school_id_seq", "audit_events", ["school_id", "seq"])
    op.execute("UPDATE sync_state SET cursor_seq = 0")


def downgrade() -> None:
    op.drop_index("ix_audit_events_school_id_seq", table_name="audit_events")
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # SQLite rebuilds the table to drop a column; put the append-only triggers back after.
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_no_delete")
        with op.batch_alter_table("audit_events") as batch_op:
            batch_op.drop_column("seq")
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_audit_events_no_{action.lower()} BEFORE {action} "
                "ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )
        return
    op.drop_column("audit_events", "seq")


def _allow_update(sqlite: bool, *, allow: bool) -> None:
    """Lift the append-only trigger for UPDATE for the one backfill, then put it back."""
    if sqlite:
        if allow:
            op.execute("DROP TRIGGER trg_audit_events_no_update")
        else:
            op.execute(
                "CREATE TRIGGER trg_audit_events_no_update BEFORE UPDATE ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )
        return
    if allow:
        op.execute("DROP TRIGGER trg_audit_events_append_only ON audit_events")
    else:
        op.execute(
            "CREATE TRIGGER trg_audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION office_app_append_only()"
        )
