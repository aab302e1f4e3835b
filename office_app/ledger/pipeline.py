"""PostgreSQL's pipeline mode for the ledger's transactions.

In a pipeline, psycopg sends statements without waiting for their answers. A statement whose
result the ledger reads waits for its answer, as SQLAlchemy reads rows and row counts as soon
as a statement has run; writes whose results nobody reads (``prepared.DEFERRABLE``) go on
unanswered and reach the server together with the next statement that needs an answer, or
with the commit. A command's writes and the commit thus cost one round trip together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext

from office_app.ledger import prepared

PIPELINE = "office_app.pipeline"
#: An execution option for statements whose answer nobody reads, besides those in
#: ``prepared.DEFERRABLE``: made at run time, such as the bulk inserts of a group's rows.
NO_ANSWER = "office_app_no_answer"


def answer_unless_deferrable(engine: Engine) -> None:
    """Make the engine's pipelined connections wait for every answer the ledger reads."""
    if not event.contains(engine, "after_cursor_execute", _answer_unless_deferrable):
        event.listen(engine, "after_cursor_execute", _answer_unless_deferrable)


@contextmanager
def pipelined(connection: Connection) -> Iterator[None]:
    """Pipeline mode on this connection for the block; nothing on SQLite."""
    if connection.dialect.name != "postgresql":
        yield
        return
    with connection.connection.driver_connection.pipeline() as pipeline:  # type: ignore[union-attr]
        connection.info[PIPELINE] = pipeline
        try:
            yield
        finally:
            del connection.info[PIPELINE]


def _answer_unless_deferrable(
    connection: Connection,
    _cursor: DBAPICursor,
    _statement: str,
    _parameters: object,
    context: ExecutionContext,
    _executemany: bool,
) -> None:
    """In a pipeline, wait for a statement's answer unless it is one nobody reads.

    An error from a write sent earlier surfaces here, as the error of this statement.
    """
    pipeline = connection.info.get(PIPELINE)
    if (
        pipeline is not None
        and context.invoked_statement not in prepared.DEFERRABLE
        and not context.execution_options.get(NO_ANSWER)
    ):
        pipeline.sync()
