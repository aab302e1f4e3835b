"""The ``office-app`` command and its subcommands: the office, its sync, statements, the school
administrator's roster import and export, the demo, and the ledger's own commands."""

from office_app.cli.main import main

__all__ = ["main"]
