"""an office follows a ledger restored from a backup

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

An office whose replica is ahead of the ledger (the ledger was restored from an earlier
backup) follows it again from its start and sends again what the ledger lost. The office
notes when it found the ledger behind, and how many of its commands it queued again once the
replica had followed the ledger to its end; until then that second step is still due, also
after a crash.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "sync_state",
        sa.Column("ledger_behind_at", models.base.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column("sync_state", sa.Column("resent_commands", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch_op:
        batch_op.drop_column("resent_commands")
        batch_op.drop_column("ledger_behind_at")
