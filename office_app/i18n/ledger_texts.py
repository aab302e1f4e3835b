"""The ledger's transaction texts in the office's words.

The ledger writes each transaction's text in English with the details that made it (a receipt
number, a payment reference, a reason); an export or a screen in Danish shows the same text
in Danish, the details kept as they are. A text of a form not known here is shown as written.
"""

from __future__ import annotations

import re

#: (the ledger's English, in Danish) for every text the ledger's handlers write.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(english), danish)
    for english, danish in (
        (
            r"^(?P<text>.+) for (?P<name>.+), who has left: held in suspense$",
            "{text} for {name}, der er udmeldt: holdt på mellemregning",
        ),
        (r"^Cash deposit, receipt (?P<receipt>.*)$", "Kontant indbetaling, kvittering {receipt}"),
        (r"^Online deposit by card, (?P<ref>.*)$", "Indbetaling med kort, {ref}"),
        (r"^Online deposit by MobilePay, (?P<ref>.*)$", "Indbetaling med MobilePay, {ref}"),
        (r"^Online deposit by (?P<method>\w+), (?P<ref>.*)$", "Indbetaling ({method}), {ref}"),
        (r"^Canteen purchase$", "Køb i kantinen"),
        (r"^Automatic top-up, (?P<ref>.*)$", "Automatisk optankning, {ref}"),
        (r"^Card (?P<new>\S+) replaces (?P<old>\S+)$", "Kort {new} erstatter {old}"),
        (
            r"^Moved to (?P<name>.+); consent: (?P<consent>.*)$",
            "Flyttet til {name}; samtykke: {consent}",
        ),
        (r"^Payout to (?P<account>.+)$", "Udbetaling til {account}"),
        (r"^Paid to (?P<account>.+), (?P<ref>.*)$", "Betalt til {account}, {ref}"),
        (r"^Payout rejected by the bank: (?P<reason>.*)$", "Udbetaling afvist af banken: {reason}"),
        (r"^Payout returned by the bank: (?P<reason>.*)$", "Udbetaling retur fra banken: {reason}"),
        (r"^Payout rejected: (?P<reason>.*)$", "Udbetaling afvist: {reason}"),
        (r"^Reversal: (?P<reason>.*)$", "Tilbageførsel: {reason}"),
    )
)


def ledger_text(text: str, language: str) -> str:
    """``text`` as the ledger wrote it, in ``language`` (``da`` or ``en``)."""
    if language != "da":
        return text
    for pattern, danish in PATTERNS:
        found = pattern.match(text)
        if found is not None:
            parts = found.groupdict()
            if "text" in parts:
                parts["text"] = ledger_text(parts["text"], language)
            return danish.format(**parts)
    return text
