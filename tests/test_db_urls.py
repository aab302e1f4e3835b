"""Database URLs: several PostgreSQL servers in one URL, the same URL for pg_dump, and which
database errors mean "the server went away" (worth a new connection) and which do not."""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from office_app.db import database_unreachable, libpq_connection, make_engine, normalise_url

MULTI = "postgresql://ledger:s3cr'et@db1:5432,db2:5433/ledger?target_session_attrs=read-write"


def test_several_servers_in_one_url_reach_the_driver_as_libpq_lists_them() -> None:
    url = normalise_url(MULTI)
    assert url == (
        "postgresql+psycopg://ledger:s3cr'et@/ledger?host=db1:5432&host=db2:5433"
        "&target_session_attrs=read-write"
    )
    engine = make_engine(MULTI)
    _, arguments = engine.dialect.create_connect_args(engine.url)
    assert (arguments["host"], arguments["port"]) == ("db1,db2", "5432,5433")
    assert arguments["target_session_attrs"] == "read-write"
    assert engine.dialect.name == "postgresql"
    engine.dispose()
    assert normalise_url("postgres://u@h:5/d") == "postgresql+psycopg://u@h:5/d"


def test_pg_dump_gets_the_same_servers_and_its_password_only_in_its_environment() -> None:
    conninfo, environment = libpq_connection(make_url(normalise_url(MULTI)))
    assert conninfo == (
        "dbname='ledger' user='ledger' host='db1,db2' port='5432,5433' "
        "target_session_attrs='read-write'"
    )
    assert environment == {"PGPASSWORD": "s3cr'et"}
    single, nothing = libpq_connection(make_url(normalise_url("postgresql://u@h/d")))
    assert (single, nothing) == ("dbname='d' user='u' host='h'", {})


def test_a_lost_server_is_worth_a_new_connection_a_busy_file_or_a_bad_query_is_not() -> None:
    refused = psycopg.OperationalError("connection failed: Connection refused")
    assert database_unreachable(OperationalError("connect", {}, refused))
    assert database_unreachable(refused)
    locked = sqlite3.OperationalError("database is locked")
    assert not database_unreachable(OperationalError("BEGIN", {}, locked))
    assert not database_unreachable(ValueError("not a database error"))
    shutdown = psycopg.errors.AdminShutdown("terminating connection")
    read_only = psycopg.errors.ReadOnlySqlTransaction("read-only")
    unique = psycopg.errors.UniqueViolation("duplicate key")
    assert database_unreachable(shutdown) and database_unreachable(read_only)
    assert not database_unreachable(unique)
