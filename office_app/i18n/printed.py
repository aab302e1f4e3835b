"""The words on printed documents, in Danish (the default) and English."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from office_app.domain.localtime import LOCAL as LOCAL_TZ
from office_app.domain.money import format_amount, format_amount_en

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")


@dataclass(frozen=True)
class Texts:
    language: Language
    words: dict[str, str]
    kinds: dict[str, str]
    declined: dict[str, str]
    states: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def amount(self, amount_ore: int) -> str:
        """1.234,50 in Danish, 1,234.50 in English; no currency (columns say kr.)."""
        return format_amount(amount_ore) if self.language == "da" else format_amount_en(amount_ore)

    def kr(self, amount_ore: int) -> str:
        return f"{self.amount(amount_ore)} kr."

    def date(self, day: dt.date) -> str:
        return day.strftime("%d.%m.%Y") if self.language == "da" else day.strftime("%d/%m/%Y")

    def moment(self, instant: dt.datetime) -> str:
        """A timestamp as local Danish time: 24.11.2026 08:12."""
        local = instant.astimezone(LOCAL_TZ)
        return f"{self.date(local.date())} {local:%H:%M}"

    def kind(self, kind: str, ledger_text: str = "") -> str:
        return self.kinds.get(kind) or ledger_text or kind.replace("_", " ")

    def page(self, number: int, count: int) -> str:
        return self["page"].format(number=number, count=count)


DANISH = Texts(
    language="da",
    words={
        "statement": "Kontoudtog",
        "subject_access": "Indsigt i oplysninger",
        "child": "Elev",
        "class": "Klasse",
        "period": "Periode",
        "period_range": "{first} – {last}",
        "date": "Dato",
        "text": "Tekst",
        "amount": "Beløb (kr.)",
        "balance": "Saldo (kr.)",
        "opening": "Saldo primo {date}",
        "closing": "Saldo ultimo {date}",
        "no_transactions": "Ingen bevægelser på kontoen i perioden.",
        "pending_deposits": "Kontant indbetalt {amount} afventer synkronisering"
        " og er ikke med ovenfor endnu.",
        "totals": "Sum pr. type",
        "count": "Antal",
        "declined_title": "Afviste køb (der blev ikke trukket penge)",
        "reversal_of": "Tilbageførsel af {kind} {date}",
        "page": "Side {number} af {count}",
        "receipt": "Kvittering for kontant indbetaling",
        "copy": "KOPI",
        "copy_note": "KOPI – genudskrift af kvitteringen",
        "receipt_no": "Kvitteringsnr.",
        "deposited": "Indbetalt",
        "new_balance": "Ny saldo",
        "taken_by": "Modtaget af",
        "time": "Tidspunkt",
        "clock": "Kl.",
        "day_end": "Kasseopgørelse",
        "day": "Dag",
        "staff": "Medarbejder",
        "receipt_col": "Kvittering",
        "state": "Status",
        "staff_total": "I alt {name}",
        "expected": "Forventet i kassen",
        "refused": "Heraf afvist af hovedbogen",
        "counted": "Optalt",
        "difference": "Difference (optalt − forventet)",
        "signature": "Underskrift",
        "difference_reason": "Årsag til difference",
        "closed_by": "Afsluttet af",
        "no_deposits": "Ingen kontante indbetalinger denne dag.",
        "deposits_count": "Antal indbetalinger",
        "cvr": "CVR {cvr}",
        "to": "Til",
        "and": " og ",
        "cards": "Kort",
        "issued": "Udstedt",
        "card_state_blocked": "spærret",
        "card_state_replaced": "erstattet",
        "opening_float": "Byttepenge ved dagens start",
        "deposits_total": "Kontante indbetalinger i dag",
        "counted_by": "Optalt af",
        "checked_by": "Kontrolleret af",
        "closed_at": "Kassen lukket",
        "signature_counted": "Underskrift, optalt af",
        "signature_checked": "Underskrift, kontrolleret af",
    },
    kinds={
        "purchase": "Køb i kantinen",
        "cash_deposit": "Kontant indbetaling",
        "online_deposit": "Indbetaling på nettet",
        "autotopup": "Automatisk optankning",
        "card_fee": "Gebyr for nyt kort",
        "payout_reserve": "Udbetaling til bankkonto",
        "payout_return": "Udbetaling afvist, beløbet sat ind igen",
        "payout_bank_return": "Udbetaling retur fra banken",
        "payout_settle": "Udbetaling betalt fra skolens konto",
        "transfer": "Flyttet mellem søskende",
        "reversal": "Tilbageførsel",
    },
    declined={
        "card_blocked": "Kortet var spærret",
        "card_replaced": "Kortet var erstattet af et nyt",
        "daily_cap_exceeded": "Maks. forbrug for dagen var nået",
        "insufficient_funds": "Ikke penge nok på kontoen",
        "unknown_card": "Ukendt kort",
    },
    states={
        "pending": "afventer synkronisering",
        "applied": "bogført",
        "rejected": "afvist – se kontoret",
    },
)

ENGLISH = Texts(
    language="en",
    words={
        "statement": "Account statement",
        "subject_access": "Access to personal data",
        "child": "Pupil",
        "class": "Class",
        "period": "Period",
        "period_range": "{first} – {last}",
        "date": "Date",
        "text": "Description",
        "amount": "Amount (kr.)",
        "balance": "Balance (kr.)",
        "opening": "Opening balance {date}",
        "closing": "Closing balance {date}",
        "no_transactions": "No transactions on the account in this period.",
        "pending_deposits": "Cash paid in, {amount}, is pending sync and not yet included above.",
        "totals": "Totals by type",
        "count": "Count",
        "declined_title": "Declined purchases (no money was taken)",
        "reversal_of": "Reversal of {kind} {date}",
        "page": "Page {number} of {count}",
        "receipt": "Receipt for cash deposit",
        "copy": "COPY",
        "copy_note": "COPY – a reprint of the receipt",
        "receipt_no": "Receipt no.",
        "deposited": "Deposited",
        "new_balance": "New balance",
        "taken_by": "Received by",
        "time": "Time",
        "clock": "Time",
        "day_end": "Cash drawer report",
        "day": "Day",
        "staff": "Staff member",
        "receipt_col": "Receipt",
        "state": "Status",
        "staff_total": "Total {name}",
        "expected": "Expected in the drawer",
        "refused": "Of which refused by the ledger",
        "counted": "Counted",
        "difference": "Difference (counted − expected)",
        "signature": "Signature",
        "difference_reason": "Reason for the difference",
        "closed_by": "Closed by",
        "no_deposits": "No cash deposits on this day.",
        "deposits_count": "Deposits",
        "cvr": "CVR {cvr}",
        "to": "To",
        "and": " and ",
        "cards": "Card",
        "issued": "Issued",
        "card_state_blocked": "blocked",
        "card_state_replaced": "replaced",
        "opening_float": "Opening float",
        "deposits_total": "Cash deposits today",
        "counted_by": "Counted by",
        "checked_by": "Checked by",
        "closed_at": "Drawer closed",
        "signature_counted": "Signature, counted by",
        "signature_checked": "Signature, checked by",
    },
    kinds={
        "purchase": "Canteen purchase",
        "cash_deposit": "Cash deposit",
        "online_deposit": "Online deposit",
        "autotopup": "Automatic top-up",
        "card_fee": "Fee for a new card",
        "payout_reserve": "Payout to bank account",
        "payout_return": "Payout rejected, amount returned",
        "payout_bank_return": "Payout returned by the bank",
        "payout_settle": "Payout paid from the school's account",
        "transfer": "Moved between siblings",
        "reversal": "Reversal",
    },
    declined={
        "card_blocked": "The card was blocked",
        "card_replaced": "The card had been replaced",
        "daily_cap_exceeded": "The daily spending limit was reached",
        "insufficient_funds": "Not enough money on the account",
        "unknown_card": "Unknown card",
    },
    states={
        "pending": "pending sync",
        "applied": "recorded",
        "rejected": "rejected – see the office",
    },
)


def texts_for(language: str) -> Texts:
    if language == "da":
        return DANISH
    if language == "en":
        return ENGLISH
    raise ValueError(f"--lang: {language!r} must be da or en")


#: What became of a printout, in the office's language.
PRINT_MESSAGES = {
    "da": {
        "saved": "Gemt i {path}",
        "printed": "Sendt til printeren {printer} (job {job}) og gemt i {path}",
        "stopped": "Job {job} til {printer} er i kø – printeren er stoppet ({reason}); den "
        "udskrives, når printeren startes igen. PDF'en er gemt i {path}",
        "no_reason": "ingen årsag oplyst",
        "no_lp": "Kan ikke udskrive: kommandoen lp findes ikke (installér CUPS)."
        " PDF'en er gemt i {path}",
        "refused": "Printeren {printer} udskrev ikke ({reason}). PDF'en er gemt i {path}",
        "timeout": "Printeren {printer} svarede ikke inden for {seconds} s."
        " PDF'en er gemt i {path}",
        "unwritable": "Kan ikke gemme i {folder}: {reason}",
    },
    "en": {
        "saved": "Saved in {path}",
        "printed": "Sent to the printer {printer} (job {job}) and saved in {path}",
        "stopped": "Job {job} for {printer} is queued – the printer is stopped ({reason}); it "
        "prints when the printer is started again. The PDF is saved in {path}",
        "no_reason": "no reason given",
        "no_lp": "Cannot print: the lp command is missing (install CUPS)."
        " The PDF is saved in {path}",
        "refused": "The printer {printer} did not print ({reason}). The PDF is saved in {path}",
        "timeout": "The printer {printer} did not answer within {seconds} s."
        " The PDF is saved in {path}",
        "unwritable": "Cannot save in {folder}: {reason}",
    },
}
