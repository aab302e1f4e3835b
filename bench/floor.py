"""The floor the ledger's throughput is measured against (a benchmark's yardstick, not a product).

The least a purchase must do, as a minimal FastAPI endpoint on the same machine and database:
take the client's command id, and in one durable transaction record the transaction under
that id (a resend cannot apply twice), write its two entries, take the amount from the wallet
only if it covers it, add it to the school's revenue account, and commit (on PostgreSQL or on
SQLite, as the ledger). No authentication,
no audit chain, no change feed, no daily cap, no group commit: what the ledger does beyond this
is what it costs.

``python bench/floor.py --database URL --port N`` serves it (one process, as uvicorn runs a
FastAPI app); ``prepare_floor`` makes its tables and accounts.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import Engine, text

from office_app.db import make_engine

SCHEMA = {
    "postgresql": (
        "CREATE TABLE floor_accounts (id bigint PRIMARY KEY, balance_ore bigint NOT NULL)",
        "CREATE TABLE floor_transactions (id uuid PRIMARY KEY, "
        "wallet bigint NOT NULL, posted_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE floor_entries (id bigserial PRIMARY KEY, "
        "txn_id uuid NOT NULL REFERENCES floor_transactions (id), "
        "account_id bigint NOT NULL REFERENCES floor_accounts (id), amount_ore bigint NOT NULL)",
    ),
    "sqlite": (
        "CREATE TABLE floor_accounts (id INTEGER PRIMARY KEY, balance_ore INTEGER NOT NULL)",
        "CREATE TABLE floor_transactions (id TEXT PRIMARY KEY, "
        "wallet INTEGER NOT NULL, posted_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        "CREATE TABLE floor_entries (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "txn_id TEXT NOT NULL REFERENCES floor_transactions (id), "
        "account_id INTEGER NOT NULL REFERENCES floor_accounts (id), "
        "amount_ore INTEGER NOT NULL)",
    ),
}
#: Account ids: a school's revenue account is its number; its wallets follow in thousands.
WALLETS_PER_SCHOOL = 1000
DATABASE_ENV = "FLOOR_DATABASE"


def wallet_id(school: int, child: int) -> int:
    return (school + 1) * WALLETS_PER_SCHOOL + child


def prepare_floor(engine: Engine, schools: int, children: int, balance_ore: int) -> None:
    """The floor's tables, made anew, with a revenue account per school and funded wallets."""
    with engine.begin() as connection:
        for table in ("floor_entries", "floor_transactions", "floor_accounts"):
            connection.execute(text(f"DROP TABLE IF EXISTS {table}"))
        for statement in SCHEMA[engine.dialect.name]:
            connection.execute(text(statement))
        rows = [{"id": school, "balance": 0} for school in range(schools)]
        rows += [
            {"id": wallet_id(school, child), "balance": balance_ore}
            for school in range(schools)
            for child in range(children)
        ]
        connection.execute(
            text("INSERT INTO floor_accounts (id, balance_ore) VALUES (:id, :balance)"), rows
        )


class FloorPurchase(BaseModel):
    command_id: uuid.UUID
    school: int
    wallet: int
    amount_ore: int


class FloorResult(BaseModel):
    code: str
    balance_ore: int | None = None


def create_floor_app(engine: Engine) -> FastAPI:
    app = FastAPI()

    @app.post("/purchase")
    def purchase(body: FloorPurchase) -> FloorResult:
        with engine.connect() as connection:
            inserted = connection.execute(
                text(
                    "INSERT INTO floor_transactions (id, wallet) VALUES (:id, :wallet) "
                    "ON CONFLICT (id) DO NOTHING"
                ),
                {"id": str(body.command_id), "wallet": body.wallet},
            ).rowcount
            if not inserted:
                connection.rollback()
                return FloorResult(code="ok")  # a resend: applied before
            balance = connection.execute(
                text(
                    "UPDATE floor_accounts SET balance_ore = balance_ore - :amount "
                    "WHERE id = :wallet AND balance_ore >= :amount RETURNING balance_ore"
                ),
                {"amount": body.amount_ore, "wallet": body.wallet},
            ).scalar()
            if balance is None:
                connection.rollback()
                return FloorResult(code="insufficient_funds")
            connection.execute(
                text(
                    "UPDATE floor_accounts SET balance_ore = balance_ore + :amount WHERE id = :id"
                ),
                {"amount": body.amount_ore, "id": body.school},
            )
            connection.execute(
                text(
                    "INSERT INTO floor_entries (txn_id, account_id, amount_ore) "
                    "VALUES (:txn, :wallet, :debit), (:txn, :school, :credit)"
                ),
                {
                    "txn": str(body.command_id),
                    "wallet": body.wallet,
                    "school": body.school,
                    "debit": -body.amount_ore,
                    "credit": body.amount_ore,
                },
            )
            connection.commit()
        return FloorResult(code="ok", balance_ore=balance)

    return app


def floor_body(school: int, child: int, amount_ore: int) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "school": school,
        "wallet": wallet_id(school, child),
        "amount_ore": amount_ore,
    }


def floor_applied(engine: Engine) -> int:
    """How many purchases the floor has committed; their entries must sum to zero."""
    with engine.connect() as connection:
        total = connection.execute(text("SELECT coalesce(sum(amount_ore), 0) FROM floor_entries"))
        assert total.scalar_one() == 0, "the floor's entries do not balance"
        return int(connection.execute(text("SELECT count(*) FROM floor_transactions")).scalar_one())


class FloorProcess:
    """``python bench/floor.py`` as a child process on 127.0.0.1, with ``workers`` processes."""

    def __init__(self, database: str, workers: int = 1) -> None:
        self.workers = workers
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port: int = probe.getsockname()[1]
        self.database = database
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> FloorProcess:
        command = [sys.executable, str(Path(__file__)), "--database", self.database]
        command += ["--port", str(self.port), "--workers", str(self.workers)]
        self._process = subprocess.Popen(command)
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the floor server did not start")

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)


def environment_app() -> FastAPI:
    """The floor in one of several processes, its database from the environment."""
    return create_floor_app(make_engine(os.environ[DATABASE_ENV]))


def main() -> None:
    parser = argparse.ArgumentParser(description="the floor: one durable purchase per request")
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    options: dict[str, Any] = {"host": "127.0.0.1", "port": args.port, "log_level": "warning"}
    if args.workers == 1:
        uvicorn.run(create_floor_app(make_engine(args.database)), **options)
        return
    os.environ[DATABASE_ENV] = args.database
    uvicorn.run(
        "floor:environment_app",
        factory=True,
        workers=args.workers,
        app_dir=str(Path(__file__).parent),
        **options,
    )


if __name__ == "__main__":
    main()
