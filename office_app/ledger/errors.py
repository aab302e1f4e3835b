"""Business rejections: a stable machine code and a sentence for a person."""

from __future__ import annotations


class Rejection(Exception):
    """A command the ledger refuses; stored with the command and returned on resend."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
