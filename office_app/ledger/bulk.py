"""Rows written many at a time: one statement per table for a whole group of commands.

A command's own rows (its stored outcome, its audit link, the transactions and entries of
check-first handlers) are read by nobody while its group is being applied, so they can wait
in ``PendingRows`` and go to the database together before the commit. On PostgreSQL a
table's rows go in one ``INSERT ... SELECT FROM unnest(...)``, one array per column, and the
tables' inserts in one statement (all but the last as ``WITH`` clauses; foreign keys are
checked at the end of the statement): one statement to parse, plan and execute however many
rows. On SQLite, which has no round trips, each table's rows go as one ``executemany``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Executable, Table, TextClause, insert, text

from office_app.ledger.pipeline import NO_ANSWER

_unnest_statements: dict[tuple[tuple[Table, tuple[str, ...]], ...], TextClause] = {}
_executemany_statements: dict[Table, Executable] = {}
_table_orders: dict[frozenset[Table], list[Table]] = {}


class PendingRows:
    """Rows waiting to be inserted, per table, in the order they were added."""

    def __init__(self) -> None:
        self._rows: dict[Table, list[Mapping[str, Any]]] = {}

    def add(self, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
        self._rows.setdefault(table, []).extend(rows)

    def flush(self, connection: Connection) -> None:
        """Insert every waiting row."""
        waiting, self._rows = self._rows, {}
        if waiting:
            insert_rows(connection, waiting)


def insert_rows(connection: Connection, rows: Mapping[Table, Sequence[Mapping[str, Any]]]) -> None:
    """Insert rows of several tables, parent tables before the tables that refer to them."""
    parts = [
        (table, columns, same_columns)
        for table in table_order(rows)
        for columns, same_columns in _by_columns(rows[table]).items()
    ]
    if connection.dialect.name != "postgresql":
        for table, _, same_columns in parts:
            statement = _executemany_statements.get(table)
            if statement is None:
                statement = _executemany_statements[table] = insert(table)
            connection.execute(statement, list(same_columns))
        return
    values: dict[str, list[Any]] = {}
    for number, (table, columns, same_columns) in enumerate(parts):
        arrays = _column_arrays(connection, table, columns, same_columns)
        values.update({f"p{number}_{name}": array for name, array in arrays.items()})
    shape = tuple((table, columns) for table, columns, _ in parts)
    connection.execute(_unnest_statement(connection, shape), values)


def table_order(tables: Iterable[Table]) -> list[Table]:
    """Tables in the order their metadata creates them: a referred table first."""
    wanted = frozenset(tables)
    ordered = _table_orders.get(wanted)
    if ordered is None:
        metadata = next(iter(wanted)).metadata if wanted else None
        ordered = [table for table in metadata.sorted_tables if table in wanted] if metadata else []
        _table_orders[wanted] = ordered
    return ordered


def _by_columns(
    rows: Sequence[Mapping[str, Any]],
) -> dict[tuple[str, ...], list[Mapping[str, Any]]]:
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return groups


def _unnest_statement(
    connection: Connection, shape: tuple[tuple[Table, tuple[str, ...]], ...]
) -> TextClause:
    statement = _unnest_statements.get(shape)
    if statement is None:
        inserts = [
            _unnest_insert(connection, table, columns, f"p{number}_")
            for number, (table, columns) in enumerate(shape)
        ]
        ctes = [f"insert_{number} AS ({sql})" for number, sql in enumerate(inserts[:-1])]
        statement = text(
            (f"WITH {', '.join(ctes)} " if ctes else "") + inserts[-1]
        ).execution_options(**{NO_ANSWER: True})
        _unnest_statements[shape] = statement
    return statement


def _unnest_insert(
    connection: Connection, table: Table, columns: tuple[str, ...], prefix: str
) -> str:
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    arrays = ", ".join(
        f"CAST(:{prefix}{name} AS {_array_type(table, name, connection)})" for name in columns
    )
    return (
        f"INSERT INTO {quote(table.name)} ({names}) "  # noqa: S608 - names from the models
        f"SELECT {names} FROM unnest({arrays}) AS given ({names})"
    )


def _array_type(table: Table, name: str, connection: Connection) -> str:
    """The column's type as an array, without length: the insert itself checks the length,
    where a cast would cut a string short."""
    compiled = table.c[name].type.compile(dialect=connection.dialect)
    return re.sub(r"\(.*?\)", "", compiled) + "[]"


def _column_arrays(
    connection: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[Mapping[str, Any]],
) -> dict[str, list[Any]]:
    """One list per column, each value converted as the column's type converts it."""
    dialect = connection.dialect
    arrays: dict[str, list[Any]] = {}
    for name in columns:
        convert = table.c[name].type._cached_bind_processor(dialect)
        values = [row[name] for row in rows]
        arrays[name] = values if convert is None else [convert(value) for value in values]
    return arrays
