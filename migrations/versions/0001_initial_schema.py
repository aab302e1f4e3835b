"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Every table of the ledger and the office replica, and triggers that make ledger
transactions, entries, card events, the command log and the audit chain append-only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("command_id", sa.Uuid(), nullable=False),
        sa.Column("device_seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.BigInteger(), nullable=False),
        sa.Column("last_attempt_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=400), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("message", sa.String(length=400), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'applied', 'rejected')", name=op.f("ck_outbox_state_known")
        ),
        sa.PrimaryKeyConstraint("command_id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("device_seq", name=op.f("uq_outbox_device_seq")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "schools",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("replacement_fee_ore", sa.BigInteger(), nullable=False),
        sa.Column("payout_approval_threshold_ore", sa.BigInteger(), nullable=False),
        sa.Column("max_deposit_ore", sa.BigInteger(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("max_deposit_ore > 0", name=op.f("ck_schools_max_deposit_ore_positive")),
        sa.CheckConstraint(
            "payout_approval_threshold_ore >= 0",
            name=op.f("ck_schools_payout_threshold_non_negative"),
        ),
        sa.CheckConstraint(
            "replacement_fee_ore >= 0", name=op.f("ck_schools_replacement_fee_ore_non_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("cursor_seq", sa.BigInteger(), nullable=False),
        sa.Column("bootstrapped", sa.Boolean(), nullable=False),
        sa.Column("last_success_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=400), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "audit_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.Column("chain_index", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("command_id", sa.Uuid(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_audit_events_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_events_command_id"), ["command_id"], unique=False
        )
        batch_op.create_index(
            "uq_audit_events_chain", ["school_id", "chain", "chain_index"], unique=True
        )

    op.create_table(
        "change_sequences",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("audit_index", sa.BigInteger(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_change_sequences_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("school_id", name=op.f("pk_change_sequences")),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('office', 'terminal', 'portal')", name=op.f("ck_devices_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_devices_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_devices_token_hash")),
    )
    op.create_table(
        "households",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_households_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index("ix_households_school_id_seq", ["school_id", "seq"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("role IN ('secretary', 'admin')", name=op.f("ck_staff_role_known")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_staff_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("school_id", "username", name=op.f("uq_staff_school_id_username")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index("ix_staff_school_id_seq", ["school_id", "seq"], unique=False)

    op.create_table(
        "commands",
        sa.Column("command_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("device_seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("occurred_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("message", sa.String(length=400), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "status IN ('applied', 'rejected')", name=op.f("ck_commands_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_commands_device_id_devices")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_commands_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("command_id", name=op.f("pk_commands")),
    )
    with op.batch_alter_table("commands", schema=None) as batch_op:
        batch_op.create_index(
            "ix_commands_device_id_device_seq", ["device_id", "device_seq"], unique=False
        )

    op.create_table(
        "guardians",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_guardians_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_guardians_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardians")),
        sa.UniqueConstraint("school_id", "email", name=op.f("uq_guardians_school_id_email")),
    )
    with op.batch_alter_table("guardians", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guardians_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index("ix_guardians_school_id_seq", ["school_id", "seq"], unique=False)

    op.create_table(
        "students",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("external_ref", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("class_label", sa.String(length=16), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("left_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'left')", name=op.f("ck_students_status_known")),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_students_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_students_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_students")),
        sa.UniqueConstraint(
            "school_id", "external_ref", name=op.f("uq_students_school_id_external_ref")
        ),
    )
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_students_class_label"), ["class_label"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_students_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index("ix_students_school_id_seq", ["school_id", "seq"], unique=False)

    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("balance_ore", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'wallet') = (student_id IS NOT NULL)",
            name=op.f("ck_accounts_wallet_has_student"),
        ),
        sa.CheckConstraint(
            "kind IN ('wallet', 'cash_drawer', 'provider_clearing', 'canteen_revenue', 'fee_revenue', 'payout_clearing', 'bank', 'suspense')",
            name=op.f("ck_accounts_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_accounts_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_accounts_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("student_id", name=op.f("uq_accounts_student_id")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index("ix_accounts_school_id_seq", ["school_id", "seq"], unique=False)
        batch_op.create_index(
            "uq_accounts_school_id_kind_system",
            ["school_id", "kind"],
            unique=True,
            sqlite_where=sa.text("student_id IS NULL"),
            postgresql_where=sa.text("student_id IS NULL"),
        )

    op.create_table(
        "cards",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("card_number", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("block_reason", sa.String(length=16), nullable=True),
        sa.Column("replaced_by_card_id", sa.Uuid(), nullable=True),
        sa.Column("issued_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'blocked', 'replaced')", name=op.f("ck_cards_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_card_id"], ["cards.id"], name=op.f("fk_cards_replaced_by_card_id_cards")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_cards_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_cards_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint(
            "school_id", "card_number", name=op.f("uq_cards_school_id_card_number")
        ),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index("ix_cards_school_id_seq", ["school_id", "seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_cards_student_id"), ["student_id"], unique=False)

    op.create_table(
        "daily_caps",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("daily_cap_ore", sa.BigInteger(), nullable=True),
        sa.Column("set_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "daily_cap_ore IS NULL OR daily_cap_ore >= 0",
            name=op.f("ck_daily_caps_cap_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_daily_caps_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_daily_caps_student_id_students")
        ),
        sa.PrimaryKeyConstraint("student_id", name=op.f("pk_daily_caps")),
    )
    with op.batch_alter_table("daily_caps", schema=None) as batch_op:
        batch_op.create_index("ix_daily_caps_school_id_seq", ["school_id", "seq"], unique=False)

    op.create_table(
        "daily_spend",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("spent_ore", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("spent_ore >= 0", name=op.f("ck_daily_spend_spent_non_negative")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_daily_spend_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_daily_spend_student_id_students")
        ),
        sa.PrimaryKeyConstraint("student_id", "day", name=op.f("pk_daily_spend")),
    )
    with op.batch_alter_table("daily_spend", schema=None) as batch_op:
        batch_op.create_index("ix_daily_spend_school_id_seq", ["school_id", "seq"], unique=False)

    op.create_table(
        "ledger_transactions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("command_id", sa.Uuid(), nullable=False),
        sa.Column("posted_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("occurred_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("reverses_txn_id", sa.Uuid(), nullable=True),
        sa.Column("entries_digest", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reverses_txn_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_transactions_reverses_txn_id_ledger_transactions"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_ledger_transactions_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_ledger_transactions_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transactions")),
        sa.UniqueConstraint("reverses_txn_id", name=op.f("uq_ledger_transactions_reverses_txn_id")),
    )
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_transactions_command_id"), ["command_id"], unique=False
        )
        batch_op.create_index(
            "ix_ledger_transactions_school_id_seq", ["school_id", "seq"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_transactions_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "payouts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("reg_no", sa.String(length=4), nullable=False),
        sa.Column("account_no", sa.String(length=10), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=True),
        sa.Column("requested_device_id", sa.Uuid(), nullable=False),
        sa.Column("requested_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reject_reason", sa.String(length=400), nullable=True),
        sa.Column("bank_ref", sa.String(length=200), nullable=True),
        sa.Column("settled_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending_approval', 'approved', 'rejected', 'settled')",
            name=op.f("ck_payouts_status_known"),
        ),
        sa.CheckConstraint("amount_ore > 0", name=op.f("ck_payouts_amount_positive")),
        sa.ForeignKeyConstraint(
            ["requested_device_id"],
            ["devices.id"],
            name=op.f("fk_payouts_requested_device_id_devices"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_payouts_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_payouts_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payouts")),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index("ix_payouts_school_id_seq", ["school_id", "seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_student_id"), ["student_id"], unique=False)

    op.create_table(
        "student_guardians",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("guardian_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["guardians.id"],
            name=op.f("fk_student_guardians_guardian_id_guardians"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_student_guardians_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_student_guardians_student_id_students")
        ),
        sa.PrimaryKeyConstraint("student_id", "guardian_id", name=op.f("pk_student_guardians")),
    )
    with op.batch_alter_table("student_guardians", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_student_guardians_guardian_id"), ["guardian_id"], unique=False
        )

    op.create_table(
        "topup_agreements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("payment_ref", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("activated_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "status IN ('waiting', 'active', 'cancelled')",
            name=op.f("ck_topup_agreements_status_known"),
        ),
        sa.CheckConstraint("amount_ore > 0", name=op.f("ck_topup_agreements_amount_positive")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_topup_agreements_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_topup_agreements_student_id_students")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topup_agreements")),
    )
    with op.batch_alter_table("topup_agreements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_topup_agreements_school_id_seq", ["school_id", "seq"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_topup_agreements_student_id"), ["student_id"], unique=False
        )
        batch_op.create_index(
            "uq_topup_agreements_student_open",
            ["student_id"],
            unique=True,
            sqlite_where=sa.text("status <> 'cancelled'"),
            postgresql_where=sa.text("status <> 'cancelled'"),
        )

    op.create_table(
        "card_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("card_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("command_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"], ["cards.id"], name=op.f("fk_card_events_card_id_cards")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_card_events_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_events")),
    )
    with op.batch_alter_table("card_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_events_card_id"), ["card_id"], unique=False)
        batch_op.create_index("ix_card_events_school_id_seq", ["school_id", "seq"], unique=False)

    op.create_table(
        "declined_purchases",
        sa.Column("command_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("card_number", sa.String(length=40), nullable=False),
        sa.Column("card_id", sa.Uuid(), nullable=True),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"], ["cards.id"], name=op.f("fk_declined_purchases_card_id_cards")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_declined_purchases_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_declined_purchases_student_id_students")
        ),
        sa.PrimaryKeyConstraint("command_id", name=op.f("pk_declined_purchases")),
    )
    with op.batch_alter_table("declined_purchases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_declined_purchases_school_id_seq", ["school_id", "seq"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_declined_purchases_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "ledger_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("txn_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount_ore <> 0", name=op.f("ck_ledger_entries_amount_non_zero")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_ledger_entries_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_ledger_entries_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_entries_txn_id_ledger_transactions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ledger_entries_txn_id"), ["txn_id"], unique=False)

    op.create_table(
        "reversals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("txn_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reject_reason", sa.String(length=400), nullable=True),
        sa.Column("reversal_txn_id", sa.Uuid(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending_approval', 'applied', 'rejected')",
            name=op.f("ck_reversals_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["reversal_txn_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_reversals_reversal_txn_id_ledger_transactions"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_reversals_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_reversals_txn_id_ledger_transactions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reversals")),
    )
    with op.batch_alter_table("reversals", schema=None) as batch_op:
        batch_op.create_index("ix_reversals_school_id_seq", ["school_id", "seq"], unique=False)
        batch_op.create_index(
            "uq_reversals_txn_open",
            ["txn_id"],
            unique=True,
            sqlite_where=sa.text("status <> 'rejected'"),
            postgresql_where=sa.text("status <> 'rejected'"),
        )

    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table("reversals", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_reversals_txn_open",
            sqlite_where=sa.text("status <> 'rejected'"),
            postgresql_where=sa.text("status <> 'rejected'"),
        )
        batch_op.drop_index("ix_reversals_school_id_seq")

    op.drop_table("reversals")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_txn_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_account_id"))

    op.drop_table("ledger_entries")
    with op.batch_alter_table("declined_purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declined_purchases_student_id"))
        batch_op.drop_index("ix_declined_purchases_school_id_seq")

    op.drop_table("declined_purchases")
    with op.batch_alter_table("card_events", schema=None) as batch_op:
        batch_op.drop_index("ix_card_events_school_id_seq")
        batch_op.drop_index(batch_op.f("ix_card_events_card_id"))

    op.drop_table("card_events")
    with op.batch_alter_table("topup_agreements", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_topup_agreements_student_open",
            sqlite_where=sa.text("status <> 'cancelled'"),
            postgresql_where=sa.text("status <> 'cancelled'"),
        )
        batch_op.drop_index(batch_op.f("ix_topup_agreements_student_id"))
        batch_op.drop_index("ix_topup_agreements_school_id_seq")

    op.drop_table("topup_agreements")
    with op.batch_alter_table("student_guardians", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_guardians_guardian_id"))

    op.drop_table("student_guardians")
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payouts_student_id"))
        batch_op.drop_index("ix_payouts_school_id_seq")

    op.drop_table("payouts")
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_transactions_student_id"))
        batch_op.drop_index("ix_ledger_transactions_school_id_seq")
        batch_op.drop_index(batch_op.f("ix_ledger_transactions_command_id"))

    op.drop_table("ledger_transactions")
    with op.batch_alter_table("daily_spend", schema=None) as batch_op:
        batch_op.drop_index("ix_daily_spend_school_id_seq")

    op.drop_table("daily_spend")
    with op.batch_alter_table("daily_caps", schema=None) as batch_op:
        batch_op.drop_index("ix_daily_caps_school_id_seq")

    op.drop_table("daily_caps")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cards_student_id"))
        batch_op.drop_index("ix_cards_school_id_seq")

    op.drop_table("cards")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_accounts_school_id_kind_system",
            sqlite_where=sa.text("student_id IS NULL"),
            postgresql_where=sa.text("student_id IS NULL"),
        )
        batch_op.drop_index("ix_accounts_school_id_seq")

    op.drop_table("accounts")
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.drop_index("ix_students_school_id_seq")
        batch_op.drop_index(batch_op.f("ix_students_household_id"))
        batch_op.drop_index(batch_op.f("ix_students_class_label"))

    op.drop_table("students")
    with op.batch_alter_table("guardians", schema=None) as batch_op:
        batch_op.drop_index("ix_guardians_school_id_seq")
        batch_op.drop_index(batch_op.f("ix_guardians_household_id"))

    op.drop_table("guardians")
    with op.batch_alter_table("commands", schema=None) as batch_op:
        batch_op.drop_index("ix_commands_device_id_device_seq")

    op.drop_table("commands")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_school_id_seq")

    op.drop_table("staff")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index("ix_households_school_id_seq")

    op.drop_table("households")
    op.drop_table("devices")
    op.drop_table("change_sequences")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("uq_audit_events_chain")
        batch_op.drop_index(batch_op.f("ix_audit_events_command_id"))

    op.drop_table("audit_events")
    op.drop_table("sync_state")
    op.drop_table("schools")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))

    op.drop_table("outbox")


APPEND_ONLY_TABLES = (
    "ledger_transactions",
    "ledger_entries",
    "card_events",
    "commands",
    "audit_events",
)


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        return
    op.execute(
        "CREATE FUNCTION office_app_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
    )
    for table in APPEND_ONLY_TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION office_app_append_only()"
        )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{action}")
        return
    for table in APPEND_ONLY_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
    op.execute("DROP FUNCTION IF EXISTS office_app_append_only()")
