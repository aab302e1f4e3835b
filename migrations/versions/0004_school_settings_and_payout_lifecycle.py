"""school settings and the payout lifecycle

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

The school gets what its printouts and bank files must say: CVR, contact, its own bank account
(reg. no. and account no.), its bank agreement id, and a low-balance threshold. A payout can be
``sent`` (in a pain.001 bank file, not yet paid) and ``returned`` (the bank sent a paid
transfer back), with the file it went in, its execution date and the return's reason. A
guardian may have no e-mail address (address protection).

SQLite rebuilds ``payouts`` (a changed CHECK) and ``guardians`` (a column that may now be
NULL). Foreign keys stay on while migrating, and SQLite counts a dropped parent row as a
violation even when the rebuilt table brings it back; so the links to guardians are set aside
while ``guardians`` is rebuilt and put back after. ``schools``, which every table refers to,
is never rebuilt: its new columns are added in place, the check with its column.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATES = "status IN ('pending_approval', 'approved', 'rejected', 'settled')"
NEW_STATES = "status IN ('pending_approval', 'approved', 'sent', 'settled', 'rejected', 'returned')"
SCHOOL_TEXTS = (
    ("cvr", 8),
    ("contact", 200),
    ("bank_reg_no", 4),
    ("bank_account_no", 10),
    ("bank_agreement_id", 35),
)


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def upgrade() -> None:
    for name, length in SCHOOL_TEXTS:
        op.add_column(
            "schools",
            sa.Column(name, sa.String(length=length), nullable=False, server_default=""),
        )
    if _sqlite():
        op.execute(
            "ALTER TABLE schools ADD COLUMN low_balance_threshold_ore BIGINT NOT NULL "
            "DEFAULT 5000 CONSTRAINT ck_schools_low_balance_non_negative "
            "CHECK (low_balance_threshold_ore >= 0)"
        )
    else:
        op.add_column(
            "schools",
            sa.Column(
                "low_balance_threshold_ore", sa.BigInteger(), nullable=False, server_default="5000"
            ),
        )
        op.create_check_constraint(
            "low_balance_non_negative", "schools", "low_balance_threshold_ore >= 0"
        )
    with op.batch_alter_table("payouts") as batch_op:
        batch_op.drop_constraint(op.f("ck_payouts_status_known"), type_="check")
        batch_op.create_check_constraint("status_known", NEW_STATES)
        batch_op.add_column(sa.Column("batch_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("execution_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("sent_by", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("sent_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("returned_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("return_reason", sa.String(length=400), nullable=True))
        batch_op.create_index("ix_payouts_batch_id", ["batch_id"], unique=False)
    _guardian_email(nullable=True)


def _guardian_email(*, nullable: bool) -> None:
    """Let ``guardians.email`` be NULL, or not; on SQLite with the links set aside."""
    if not _sqlite():
        op.alter_column(
            "guardians", "email", existing_type=sa.String(length=320), nullable=nullable
        )
        return
    op.execute("CREATE TEMP TABLE guardian_links AS SELECT * FROM student_guardians")
    op.execute("DELETE FROM student_guardians")
    with op.batch_alter_table("guardians") as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=320), nullable=nullable)
    op.execute(
        "INSERT INTO student_guardians (student_id, guardian_id, school_id) "
        "SELECT student_id, guardian_id, school_id FROM guardian_links"
    )
    op.execute("DROP TABLE guardian_links")


def downgrade() -> None:
    # Guardians without an address get a placeholder nobody can receive mail at.
    op.execute(
        "UPDATE guardians SET email = 'ingen-adresse-' || id || '@invalid' WHERE email IS NULL"
    )
    _guardian_email(nullable=False)
    # A payout sent or returned is shown as settled to the older schema.
    op.execute("UPDATE payouts SET status = 'approved' WHERE status = 'sent'")
    op.execute("UPDATE payouts SET status = 'settled' WHERE status = 'returned'")
    with op.batch_alter_table("payouts") as batch_op:
        batch_op.drop_index("ix_payouts_batch_id")
        for name in (
            "return_reason",
            "returned_at",
            "sent_at",
            "sent_by",
            "execution_date",
            "batch_id",
        ):
            batch_op.drop_column(name)
        batch_op.drop_constraint(op.f("ck_payouts_status_known"), type_="check")
        batch_op.create_check_constraint("status_known", OLD_STATES)
    if not _sqlite():
        op.drop_constraint(op.f("ck_schools_low_balance_non_negative"), "schools", type_="check")
    for name, _length in (*SCHOOL_TEXTS, ("low_balance_threshold_ore", 0)):
        op.drop_column("schools", name)
