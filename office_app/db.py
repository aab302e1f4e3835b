"""Engines and sessions for the ledger and the office replica; migrate to head at start.

SQLite runs in WAL mode with foreign keys on, and every write transaction starts with
``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout instead of failing
with "database is locked" when a reader tries to upgrade its lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

import migrations

MIGRATIONS_DIR = Path(next(iter(migrations.__path__))).resolve()
SQLITE_BUSY_TIMEOUT_MS = 60_000
CONNECT_TIMEOUT_SECONDS = 5


class DatabaseError(Exception):
    """A database that cannot be opened or migrated, with a message for a person."""


def normalise_url(url: str) -> str:
    """Accept a plain file path for SQLite and the usual PostgreSQL spellings.

    A PostgreSQL URL may name several servers the way libpq does,
    ``postgresql://ledger@db1:5432,db2:5432/ledger?target_session_attrs=read-write``: the
    driver tries them in order and, with ``target_session_attrs=read-write``, keeps the one
    that takes writes (the primary, also after a standby was promoted).
    """
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        return "postgresql+psycopg://" + _hosts_as_parameters(rest)
    return url


def _hosts_as_parameters(rest: str) -> str:
    """``user@h1:5432,h2:5433/db?x=1`` as ``user@/db?host=h1:5432&host=h2:5433&x=1``, the
    spelling SQLAlchemy reads several hosts from; one host stays as it is."""
    authority, _, tail = rest.partition("/")
    userinfo, at, hosts = authority.rpartition("@")
    if "," not in hosts:
        return rest
    database, _, query = tail.partition("?")
    parameters = [f"host={host}" for host in hosts.split(",") if host]
    if query:
        parameters.append(query)
    return f"{userinfo}{at}/{database}?{'&'.join(parameters)}"


def libpq_connection(url: URL) -> tuple[str, dict[str, str]]:
    """A PostgreSQL URL as a libpq connection string for ``pg_dump`` and ``pg_restore``, and
    the environment that carries its password (never on a command line, where ``ps`` shows it).
    """
    hosts = url.query.get("host")
    named = [hosts] if isinstance(hosts, str) else list(hosts or [])
    if not named and url.host:
        named = [f"{url.host}:{url.port}" if url.port else url.host]
    host_names, ports = [], []
    for entry in named:
        name, _, port = entry.rpartition(":")
        if not port.isdigit() or not name:
            name, port = entry, ""  # no port given (an IPv6 address has colons of its own)
        host_names.append(name)
        ports.append(port)
    keywords: dict[str, str] = {"dbname": url.database or ""}
    if url.username:
        keywords["user"] = url.username
    if host_names:
        keywords["host"] = ",".join(host_names)
    if any(ports):
        keywords["port"] = ",".join(ports)
    for key, value in url.query.items():
        if key != "host":
            keywords[key] = value if isinstance(value, str) else value[-1]
    conninfo = " ".join(f"{key}={_libpq_quote(value)}" for key, value in keywords.items())
    environment = {"PGPASSWORD": url.password} if url.password else {}
    return conninfo, environment


def _libpq_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the pragmas and isolation this project relies on."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            parent = Path(database).parent
            if not parent.is_dir():
                raise DatabaseError(f"Database folder {parent} does not exist")
            kwargs.setdefault("pool_size", 20)
            kwargs.setdefault("max_overflow", 20)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    if "connect_timeout" not in parsed.query:
        # A server that went away without a word must not hold a writer for minutes.
        kwargs.setdefault("connect_args", {"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 20)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("isolation_level", "READ COMMITTED")
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # A commit is on disk when it returns, also across a power cut (NORMAL would keep it
        # only across a crash): a deposit whose receipt is printed must never be lost.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Erased personal data is overwritten in the file, not left in free space.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


#: SQLSTATEs of a server that went away or takes no writes: a connection exception (class 08),
#: the server shutting down or crashing (57P01-57P03), a read-only transaction (a standby).
UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "25006")


def database_unreachable(error: BaseException) -> bool:
    """The database server went away, could not be reached or is a standby: worth trying the
    same work again on a new connection, which may find the promoted standby.

    Nothing is lost by trying again: a group of commands whose commit was cut off is applied
    again only if the server that survived does not have it (each command id is stored once).
    """
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        if error.orig is None:
            return False
        error = error.orig
    if not hasattr(error, "sqlstate"):  # only PostgreSQL's driver names SQLSTATEs
        return False
    sqlstate = error.sqlstate
    if sqlstate is None:  # the driver's own failure: could not connect, connection closed
        # By name: importing the driver here would slow every office's start.
        return any(kind.__name__ == "OperationalError" for kind in type(error).__mro__)
    return isinstance(sqlstate, str) and sqlstate.startswith(UNREACHABLE_SQLSTATES)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def reading(engine: Engine) -> Engine:
    """The same engine for read-only work: on SQLite a deferred begin that never blocks."""
    return engine.execution_options(sqlite_begin="DEFERRED")


def one_statement(engine: Engine) -> Engine:
    """The same engine for a read of one statement: no BEGIN and ROLLBACK around it on
    PostgreSQL (two round trips fewer), a deferred begin on SQLite."""
    if is_sqlite(engine):
        return reading(engine)
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (head by default)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)
