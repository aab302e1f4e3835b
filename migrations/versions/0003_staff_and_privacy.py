"""staff and privacy

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Personal data can be erased while every chain and every amount stays verifiable.

- ``students.anonymised_at``: when a leaver's name, reference, class and guardians went.
- ``audit_events.personal`` and ``personal_digest``: the words a person typed into an event
  (a reason) move beside it, with a random salt; the event's hash covers their digest.
  Existing chains are sealed again under that rule: each chain is checked under the old rule
  first, and from its first event with such words every hash is computed anew, so the chain
  verifies as before. An event that did not verify before is left exactly as it was, so it
  still does not. On an office's replica the copy of the ledger's chain is not sealed here
  (the ledger chose the salts): when it holds such words it is dropped and the cursor goes back
  to the start, and the next pull brings the ledger's sealed chain.
- The append-only triggers of the transactions, card events, command log and audit chain let
  exactly one kind of change through: the erasure of personal data (a transaction's text, a
  card event's reason, a command's payload and message, an event's personal words, which may
  only be removed), with the row's change number so the change feed carries it. Amounts,
  ids, times, links and hashes can never change; entries stay append-only without exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import models.base
from office_app.domain.audit import (
    GENESIS_HASH,
    LEDGER_CHAIN,
    PERSONAL_KEYS,
    audit_hash,
    seal_details,
)

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Per table: the columns an erasure may change. Any other change, and every DELETE, is refused.
ERASABLE = {
    "ledger_transactions": ("text", "seq"),
    "card_events": ("reason", "seq"),
    "commands": ("payload", "message"),
    "audit_events": ("personal", "seq"),
}
#: Every column of those tables once this revision is applied.
COLUMNS = {
    "ledger_transactions": [
        "id",
        "school_id",
        "kind",
        "student_id",
        "command_id",
        "posted_at",
        "occurred_at",
        "text",
        "reverses_txn_id",
        "entries_digest",
        "seq",
    ],
    "card_events": [
        "id",
        "school_id",
        "card_id",
        "event",
        "reason",
        "staff",
        "command_id",
        "occurred_at",
        "seq",
    ],
    "commands": [
        "command_id",
        "school_id",
        "device_id",
        "device_seq",
        "type",
        "staff",
        "occurred_at",
        "received_at",
        "content_hash",
        "payload",
        "status",
        "code",
        "message",
        "seq",
        "result",
    ],
    "audit_events": [
        "id",
        "school_id",
        "chain",
        "chain_index",
        "occurred_at",
        "device_id",
        "staff",
        "action",
        "subject",
        "details",
        "command_id",
        "prev_hash",
        "hash",
        "seq",
        "personal",
        "personal_digest",
    ],
}

audit_events = sa.table(
    "audit_events",
    sa.column("id", sa.BigInteger()),
    sa.column("school_id", sa.Uuid()),
    sa.column("chain", sa.String()),
    sa.column("chain_index", sa.BigInteger()),
    sa.column("occurred_at", models.base.UTCDateTime(timezone=True)),
    sa.column("device_id", sa.Uuid()),
    sa.column("staff", sa.String()),
    sa.column("action", sa.String()),
    sa.column("subject", sa.String()),
    sa.column("details", sa.JSON()),
    sa.column("command_id", sa.Uuid()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
    sa.column("personal", sa.JSON(none_as_null=True)),
    sa.column("personal_digest", sa.String()),
)
change_sequences = sa.table(
    "change_sequences",
    sa.column("school_id", sa.Uuid()),
    sa.column("audit_index", sa.BigInteger()),
    sa.column("audit_hash", sa.String()),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Plain ADD COLUMNs: on SQLite a table rebuild would drop the append-only triggers.
    op.add_column(
        "students",
        sa.Column("anonymised_at", models.base.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column("audit_events", sa.Column("personal", sa.JSON(), nullable=True))
    op.add_column("audit_events", sa.Column("personal_digest", sa.String(length=64), nullable=True))
    _drop_triggers(sqlite)
    if _is_replica():
        _drop_ledger_chain_copy_with_personal_words()
        _seal_chains(only_chain_other_than=LEDGER_CHAIN)
    else:
        _seal_chains(only_chain_other_than=None)
    _create_erase_only_triggers(sqlite)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_erase_only_triggers(sqlite)
    for school_id, chain in _chains():
        _rewrite_chain(school_id, chain, _unsealed)
    # Plain DROP COLUMNs: a batch rebuild of students on SQLite would trip its foreign keys.
    op.execute("ALTER TABLE audit_events DROP COLUMN personal_digest")
    op.execute("ALTER TABLE audit_events DROP COLUMN personal")
    op.execute("ALTER TABLE students DROP COLUMN anonymised_at")
    _create_append_only_triggers(sqlite)


def _is_replica() -> bool:
    """An office's replica has its sync state; a ledger has none."""
    return bool(op.get_bind().execute(sa.text("SELECT count(*) FROM sync_state")).scalar())


def _has_personal_words(details: Any) -> bool:
    return isinstance(details, dict) and any(details.get(key) for key in PERSONAL_KEYS)


def _drop_ledger_chain_copy_with_personal_words() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(audit_events.c.details).where(audit_events.c.chain == LEDGER_CHAIN)
    )
    if any(_has_personal_words(details) for (details,) in rows):
        bind.execute(sa.delete(audit_events).where(audit_events.c.chain == LEDGER_CHAIN))
        bind.execute(sa.text("UPDATE sync_state SET cursor_seq = 0"))


def _chains() -> list[tuple[Any, str]]:
    query = sa.select(audit_events.c.school_id, audit_events.c.chain).distinct()
    return [(school_id, chain) for school_id, chain in op.get_bind().execute(query)]


def _events(school_id: Any, chain: str) -> Iterator[Any]:
    """A chain's events in order, a page at a time."""
    after = 0
    while True:
        page = (
            op.get_bind()
            .execute(
                sa.select(audit_events)
                .where(
                    audit_events.c.school_id == school_id,
                    audit_events.c.chain == chain,
                    audit_events.c.chain_index > after,
                )
                .order_by(audit_events.c.chain_index)
                .limit(2000)
            )
            .all()
        )
        if not page:
            return
        yield from page
        after = page[-1].chain_index


def _hash(event: Any, prev_hash: str, details: dict[str, Any], digest: str | None) -> str:
    return audit_hash(
        prev_hash,
        school_id=event.school_id,
        chain=event.chain,
        chain_index=event.chain_index,
        occurred_at=event.occurred_at,
        device_id=event.device_id,
        staff=event.staff,
        action=event.action,
        subject=event.subject,
        details=details,
        command_id=event.command_id,
        personal_digest=digest,
    )


def _seal_chains(only_chain_other_than: str | None) -> None:
    for school_id, chain in _chains():
        if chain != only_chain_other_than:
            _rewrite_chain(school_id, chain, _sealed)


def _sealed(event: Any) -> tuple[dict[str, Any], dict[str, Any] | None, str | None] | None:
    """The event with its personal words moved beside it, or None when it has none."""
    if not _has_personal_words(event.details):
        return None
    sealed = seal_details(dict(event.details))
    return sealed.details, sealed.personal, sealed.personal_digest


def _unsealed(event: Any) -> tuple[dict[str, Any], dict[str, Any] | None, str | None] | None:
    """The event with its personal words back in its details, or None when it has none.

    Words that were erased cannot come back: such an event no longer verifies once the
    digest is gone.
    """
    if event.personal is None:
        return None
    return {**event.details, **event.personal["values"]}, None, None


def _rewrite_chain(
    school_id: Any,
    chain: str,
    rewrite: Callable[[Any], tuple[dict[str, Any], dict[str, Any] | None, str | None] | None],
) -> None:
    """Rewrite one chain from its first valid event that ``rewrite`` changes, every later
    hash computed anew; an event that did not verify is left exactly as it was.

    ``stored_prev`` follows the hashes as they were, to check each event under the rule it
    was written by; ``new_prev`` follows them as they are written now.
    """
    updates: list[dict[str, Any]] = []
    stored_prev = new_prev = GENESIS_HASH
    rewriting = False
    for event in _events(school_id, chain):
        valid = event.prev_hash == stored_prev and event.hash == _hash(
            event, event.prev_hash, event.details, event.personal_digest
        )
        stored_prev = event.hash
        changed = rewrite(event) if valid else None
        rewriting = rewriting or changed is not None
        if not (rewriting and valid):
            new_prev = event.hash  # left exactly as it was
            continue
        details, personal, digest = changed or (event.details, event.personal, None)
        digest = digest if changed else event.personal_digest
        new_hash = _hash(event, new_prev, details, digest)
        if new_hash != event.hash:
            updates.append(
                {
                    "b_id": event.id,
                    "b_details": details,
                    "b_personal": personal,
                    "b_digest": digest,
                    "b_prev": new_prev,
                    "b_hash": new_hash,
                }
            )
        new_prev = new_hash
        if len(updates) >= 2000:
            _write(updates)
    _write(updates)
    if chain == LEDGER_CHAIN and new_prev != stored_prev:
        op.get_bind().execute(
            sa.update(change_sequences)
            .where(
                change_sequences.c.school_id == school_id,
                change_sequences.c.audit_hash == stored_prev,
            )
            .values(audit_hash=new_prev)
        )


def _write(updates: list[dict[str, Any]]) -> None:
    if updates:
        op.get_bind().execute(
            sa.update(audit_events)
            .where(audit_events.c.id == sa.bindparam("b_id"))
            .values(
                details=sa.bindparam("b_details", type_=sa.JSON()),
                personal=sa.bindparam("b_personal", type_=sa.JSON(none_as_null=True)),
                personal_digest=sa.bindparam("b_digest"),
                prev_hash=sa.bindparam("b_prev"),
                hash=sa.bindparam("b_hash"),
            ),
            updates,
        )
        updates.clear()


# Triggers


def _drop_triggers(sqlite: bool) -> None:
    """The append-only triggers of revision 0001 on the tables that may now be erased."""
    for table in ERASABLE:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")


def _unchanged(table: str) -> str:
    kept = [column for column in COLUMNS[table] if column not in ERASABLE[table]]
    return " AND ".join(f"NEW.{column} IS OLD.{column}" for column in kept)


def _create_erase_only_triggers(sqlite: bool) -> None:
    if sqlite:
        for table, erasable in ERASABLE.items():
            refused = f"NOT ({_unchanged(table)})"
            if "personal" in erasable:
                refused += " OR (NEW.personal IS NOT NULL AND NEW.personal IS NOT OLD.personal)"
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_update BEFORE UPDATE ON {table} "
                f"WHEN {refused} BEGIN SELECT RAISE(ABORT, "
                f"'{table} is append-only: only personal data may be erased'); END"
            )
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION office_app_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE erasable text[] := TG_ARGV; "
        "BEGIN "
        "IF TG_OP = 'DELETE' THEN "
        "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END IF; "
        "IF (to_jsonb(NEW) - erasable) IS DISTINCT FROM (to_jsonb(OLD) - erasable) THEN "
        "RAISE EXCEPTION '% is append-only: only personal data may be erased', TG_TABLE_NAME; "
        "END IF; "
        "IF 'personal' = ANY(erasable) AND (to_jsonb(NEW) -> 'personal') <> 'null'::jsonb "
        "AND (to_jsonb(NEW) -> 'personal') IS DISTINCT FROM (to_jsonb(OLD) -> 'personal') THEN "
        "RAISE EXCEPTION '% is append-only: personal data may only be erased', TG_TABLE_NAME; "
        "END IF; "
        "RETURN NEW; END $$"
    )
    for table, columns in ERASABLE.items():
        arguments = ", ".join(f"'{column}'" for column in columns)
        op.execute(
            f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION office_app_erase_only({arguments})"
        )


def _drop_erase_only_triggers(sqlite: bool) -> None:
    _drop_triggers(sqlite)
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS office_app_erase_only()")


def _create_append_only_triggers(sqlite: bool) -> None:
    """Revision 0001's triggers: no UPDATE and no DELETE at all."""
    for table in ERASABLE:
        if sqlite:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        else:
            op.execute(
                f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION office_app_append_only()"
            )
