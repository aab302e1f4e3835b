"""What every subcommand shares: its one-line failure, reading a password, JSON output."""

from __future__ import annotations

import getpass
import json
import sys


class CliError(Exception):
    """A failure to report as one line."""


def read_password(prompt: str = "Password: ", *, confirm: bool = True) -> str:
    """From the terminal without echo (typed twice unless ``confirm`` is false), or the first
    line of stdin when it is not a terminal. Never from the command line, where other users
    of the computer can read it."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat password: ") != first:
            raise CliError("password: the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False))
