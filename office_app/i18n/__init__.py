"""Every text the office shows, in Danish and English. Danish is the default.

``tr("key", name=...)`` gives the text in the language chosen by ``set_language``; a key
missing from the table is a bug that tests/test_i18n.py catches for every screen.
"""

from __future__ import annotations

from office_app.domain.money import format_kr, format_kr_en
from office_app.i18n.account import ACCOUNT_TEXTS
from office_app.i18n.admin import ADMIN_TEXTS
from office_app.i18n.audit import AUDIT_TEXTS
from office_app.i18n.bank import BANK_REASONS, BANK_TEXTS
from office_app.i18n.desk import DESK_TEXTS
from office_app.i18n.history import HISTORY_TEXTS
from office_app.i18n.office_day import OFFICE_DAY_TEXTS
from office_app.i18n.people import PEOPLE_TEXTS
from office_app.i18n.privacy import PRIVACY_TEXTS
from office_app.i18n.roster import ROSTER_TEXTS
from office_app.i18n.rules import RULE_TEXTS

LANGUAGES = ("da", "en")

TEXTS: dict[str, tuple[str, str]] = {
    **DESK_TEXTS,
    **ACCOUNT_TEXTS,
    **HISTORY_TEXTS,
    **ADMIN_TEXTS,
    **AUDIT_TEXTS,
    **PRIVACY_TEXTS,
    **BANK_TEXTS,
    **ROSTER_TEXTS,
    **PEOPLE_TEXTS,
    **OFFICE_DAY_TEXTS,
    **RULE_TEXTS,
}

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
    """The text for ``key`` in the current language, with ``values`` filled in.

    When ``count`` (or else ``total``) is one and the table has ``key.one``, that text is used:
    "1 elev", "2 elever". An amount's "kr." ends a sentence without a second full stop.
    """
    number = values.get("count", values.get("total"))
    if number is not None and str(number) == "1" and f"{key}.one" in TEXTS:
        key = f"{key}.one"
    danish, english = TEXTS[key]
    text = danish if _language == "da" else english
    text = text.format(**values) if values else text
    return text.replace("kr..", "kr.")


def money(amount_ore: int) -> str:
    """An amount the way the current language writes it."""
    return format_kr(amount_ore) if _language == "da" else format_kr_en(amount_ore)


def bank_reason(code: str, text: str = "") -> str:
    """The bank's reason for a refusal or a return: its code, and its words or ours."""
    known = BANK_REASONS.get(code.upper())
    if not text and known is not None:
        text = known[0] if _language == "da" else known[1]
    return " ".join(part for part in (code, text) if part) or "-"
