"""The texts of payouts and the bank: the bank file, the bank's status report, returns and the
school's settings, in Danish and English."""

#: What ISO 20022 reason codes mean, in the words a school office uses.
BANK_REASONS: dict[str, tuple[str, str]] = {
    "AC01": ("kontonummeret er forkert", "the account number is wrong"),
    "AC03": ("kontonummeret findes ikke", "the account does not exist"),
    "AC04": ("kontoen er lukket", "the account is closed"),
    "AC06": ("kontoen er spærret", "the account is blocked"),
    "AG01": ("kontoen kan ikke modtage overførsler", "the account cannot receive transfers"),
    "AM04": ("der er ikke dækning på skolens konto", "the school's account lacks the funds"),
    "AM05": ("overførslen er sendt to gange", "the transfer was sent twice"),
    "BE04": ("modtagerens adresse mangler", "the beneficiary's address is missing"),
    "BE05": ("afsenderen er ukendt for banken", "the bank does not know the sender"),
    "DT01": ("datoen er ugyldig", "the date is invalid"),
    "FF01": ("filen kan ikke læses", "the file cannot be read"),
    "MD07": ("kontohaveren er død", "the account holder has died"),
    "MS02": ("modtageren har ikke oplyst en grund", "the beneficiary gave no reason"),
    "MS03": ("banken har ikke oplyst en grund", "the bank gave no reason"),
    "NARR": ("se bankens tekst", "see the bank's text"),
    "RC01": ("registreringsnummeret er forkert", "the registration number is wrong"),
    "RR01": ("kontonummer eller navn mangler", "the account number or name is missing"),
}

BANK_TEXTS: dict[str, tuple[str, str]] = {
    "payout.bank_advice": (
        "Udbetaling af saldoen på skolekortet for {name}, {class_label}, {school}.",
        "Payout of the school card balance of {name}, {class_label}, {school}.",
    ),
    "bankfile.confirm": (
        "Bankfil med {count} udbetalinger, i alt {total}, fra skolens konto {account}, "
        "til betaling {date}. Udbetalingerne markeres som sendt til banken, ikke betalt.",
        "A bank file of {count} payouts, {total} in all, from the school's account {account}, "
        "to be paid on {date}. The payouts are marked as sent to the bank, not paid.",
    ),
    "bankfile.confirm_button": ("Lav bankfilen", "Make the bank file"),
    "bankfile.no_account": (
        "Skolen har ingen bankkonto at betale fra: en administrator sætter den med "
        "office-app ledger set-school --bank-reg … --bank-account …",
        "The school has no bank account to pay from: an administrator sets it with "
        "office-app ledger set-school --bank-reg … --bank-account …",
    ),
    "bankfile.named": ("Bankfilen er klar til banken: {path}", "The bank file is ready: {path}"),
    "bankfile.waiting": (
        "Bankfilen {path} venter på hovedbogen; den får sit navn, når hovedbogen har taget "
        "udbetalingerne som sendt. Send den ikke før.",
        "The bank file {path} waits for the ledger; it gets its name once the ledger has taken "
        "the payouts as sent. Do not send it before.",
    ),
    "bankfile.refused": (
        "Hovedbogen afviste bankfilen {path} ({reason}); den er slettet, intet er sendt",
        "The ledger refused the bank file {path} ({reason}); it was removed, nothing was sent",
    ),
    "bankfile.more": (
        "{count} godkendte udbetalinger venter på den næste bankfil",
        "{count} approved payouts wait for the next bank file",
    ),
    "bankfile.cancelled": ("Ingen bankfil: du bekræftede ikke", "No bank file: not confirmed"),
    "approvals.state.sent": ("Sendt til banken", "Sent to the bank"),
    "cli.confirm_prompt": ("Skriv ja for at fortsætte: ", "Type yes to go on: "),
    "cli.needs_yes": (
        "--yes: bekræft på kommandolinjen med --yes, når der ikke er en terminal at spørge i",
        "--yes: confirm on the command line with --yes when there is no terminal to ask in",
    ),
    "cli.not_confirmed": ("Intet er gjort: du bekræftede ikke", "Nothing done: not confirmed"),
    "cli.offline": (
        "{url}: {reason}; bruger kontorets kopi",
        "{url}: {reason}; using the office's copy",
    ),
    "cli.synced": (
        "Synkroniseret med {url}. Venter: {waiting}. Kræver opmærksomhed: {attention}.",
        "Synced with {url}. Waiting: {waiting}. Needs attention: {attention}.",
    ),
    "bankstatus.paid": ("Betalt: {what}", "Paid: {what}"),
    "bankstatus.rejected": (
        "Afvist af banken: {what} ({reason})",
        "Refused by the bank: {what} ({reason})",
    ),
    "bankstatus.returned": (
        "Sendt retur af banken efter betaling: {what} ({reason})",
        "Sent back by the bank after payment: {what} ({reason})",
    ),
    "bankstatus.waiting": (
        "Stadig hos banken ({status}): {what}",
        "Still with the bank ({status}): {what}",
    ),
    "bankstatus.done_before": ("Allerede behandlet: {what}", "Already handled: {what}"),
    "bankstatus.unknown": (
        "Ukendt for kontoret, springes over: {end_to_end} ({status})",
        "Not known to this office, left out: {end_to_end} ({status})",
    ),
    "bankstatus.no_file": (
        "Statusrapporten gælder bankfilen {message_id}, som kontoret ikke har sendt",
        "The status report is for the bank file {message_id}, which this office did not send",
    ),
    "bankstatus.summary": (
        "{paid} betalt, {rejected} afvist, {returned} sendt retur, {waiting} stadig hos banken",
        "{paid} paid, {rejected} refused, {returned} sent back, {waiting} still with the bank",
    ),
    "bankstatus.nothing": ("Intet at gøre: {reason}", "Nothing to do: {reason}"),
    "bankstatus.reason": ("{code} {text}", "{code} {text}"),
    "bankstatus.unreadable": ("{path}: {reason}", "{path}: {reason}"),
    "payouts.confirmed": (
        "Bankfilen {file} er bekræftet gennemført: {count} udbetalinger, i alt {total}, er betalt",
        "The bank file {file} is confirmed as executed: {count} payouts, {total} in all, are paid",
    ),
    "payouts.no_such_file": (
        "Fil: ingen bankfil {file} med udbetalinger sendt til banken",
        "File: no bank file {file} with payouts sent to the bank",
    ),
    "payouts.no_such_payout": (
        "Udbetaling: {payout} er ikke en betalt udbetaling",
        "Payout: {payout} is not a paid payout",
    ),
    "payouts.return_confirm": (
        "{amount} til {name} kommer retur fra banken og sættes ind på skolekortet igen: {reason}",
        "{amount} for {name} comes back from the bank and is put back on the school card: {reason}",
    ),
    "payouts.reason_empty": ("Grund: skriv bankens grund", "Reason: give the bank's reason"),
    "payouts.will_queue": (
        "{count} ændringer lægges i kø til hovedbogen; pengene flyttes som vist ovenfor.",
        "{count} changes go to the ledger; the money moves as shown above.",
    ),
    "payouts.queued": (
        "{count} ændringer er lagt i kø til hovedbogen",
        "{count} changes queued for the ledger",
    ),
    "payouts.col_state": ("Status", "State"),
    "payout.state.pending_approval": ("Venter på godkendelse", "Waiting for approval"),
    "payout.state.approved": ("Godkendt, til næste bankfil", "Approved, for the next bank file"),
    "payout.state.sent": ("Sendt til banken", "Sent to the bank"),
    "payout.state.settled": ("Betalt", "Paid"),
    "payout.state.rejected": ("Afvist", "Rejected"),
    "payout.state.returned": ("Sendt retur af banken", "Sent back by the bank"),
    "kind.payout_bank_return": (
        "Udbetaling sendt retur af banken",
        "Payout sent back by the bank",
    ),
    "audit.type.payout.send": ("Udbetalinger sendt til banken", "Payouts sent to the bank"),
    "audit.type.payout.bank_reject": ("Udbetaling afvist af banken", "Payout refused by the bank"),
    "audit.type.payout.return": ("Udbetaling sendt retur", "Payout sent back"),
    "audit.type.school.settings": ("Skolens oplysninger ændret", "School settings changed"),
    "pending.payout.send": ("Bankfil {file}", "Bank file {file}"),
    "pending.payout.bank_reject": ("Udbetaling afvist af banken", "Payout refused by the bank"),
    "pending.payout.return": ("Udbetaling sendt retur", "Payout sent back"),
}
