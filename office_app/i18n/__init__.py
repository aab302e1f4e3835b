"""Every text the office shows, in Danish and English. Danish is the default.

``tr("key", name=...)`` gives the text in the language chosen by ``set_language``; a key
missing from the table is a bug that tests/test_i18n.py catches for every screen.
"""

from __future__ import annotations

from office_app.domain.money import format_kr, format_kr_en
from office_app.i18n.admin import ADMIN_TEXTS
from office_app.i18n.bank import BANK_REASONS, BANK_TEXTS
from office_app.i18n.desk import DESK_TEXTS
from office_app.i18n.roster import ROSTER_TEXTS

LANGUAGES = ("da", "en")

TEXTS: dict[str, tuple[str, str]] = {**DESK_TEXTS, **ADMIN_TEXTS, **BANK_TEXTS, **ROSTER_TEXTS}

_language = "da"


def set_language(language: str) -> None:
    """Choose the language of every text from now on: ``da`` or ``en``."""
    global _language  # noqa: PLW0603 - one language per running office
    if language not in LANGUAGES:
        raise ValueError(f"language: must be one of {', '.join(LANGUAGES)}")
    _language = language


def language() -> str:
    return _language


def tr(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, with ``values`` filled in."""
    danish, english = TEXTS[key]
    text = danish if _language == "da" else english
    return text.format(**values) if values else text


def money(amount_ore: int) -> str:
    """An amount the way the current language writes it."""
    return format_kr(amount_ore) if _language == "da" else format_kr_en(amount_ore)


def bank_reason(code: str, text: str = "") -> str:
    """The bank's reason for a refusal or a return: its code, and its words or ours."""
    known = BANK_REASONS.get(code.upper())
    if not text and known is not None:
        text = known[0] if _language == "da" else known[1]
    return " ".join(part for part in (code, text) if part) or "-"
