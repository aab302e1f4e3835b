"""Secrets out of text that is kept or shown: crash logs, error messages.

The known secrets (this office's device token) are replaced wherever they appear; so are the
shapes secrets take when nobody said which they are: a bearer token after ``Bearer``, an
argon2 password hash, and the value after a word such as ``password`` or ``token``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HIDDEN = "[hidden]"
#: A secret shorter than this is not looked for as such (it would hide ordinary words).
SHORTEST_KNOWN_SECRET = 6

_SHAPES = (
    re.compile(r"(?i)(bearer\s+)[^\s'\",;]+"),
    re.compile(r"\$argon2(?:id|i|d)\$[A-Za-z0-9+/=$,.-]+"),
    re.compile(
        r"(?i)((?:password|passwd|adgangskode|secret|token|device_token)"
        r"(?:_hash)?['\"]?\s*[:=]\s*['\"]?)[^\s'\",;)}]+"
    ),
)


def hide_secrets(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with every known secret and every secret-shaped value replaced by [hidden]."""
    for secret in sorted(
        {value for value in known if len(value) >= SHORTEST_KNOWN_SECRET}, key=len, reverse=True
    ):
        text = text.replace(secret, HIDDEN)
    for shape in _SHAPES:
        text = shape.sub(lambda match: (match.group(1) if match.groups() else "") + HIDDEN, text)
    return text
