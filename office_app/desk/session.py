"""Who is signed in at this office: light to import, as the first screen needs it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignedIn:
    username: str
    display_name: str
    role: str
