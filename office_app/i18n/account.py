"""A child's account at the desk: what it shows, the secretary's dialogs, and how their
outcomes and the ledger's refusals are worded, in Danish and English."""

ACCOUNT_TEXTS: dict[str, tuple[str, str]] = {
    # Cards and caps
    "card.active": ("Aktivt", "Active"),
    "card.blocked": ("Spærret", "Blocked"),
    "card.replaced": ("Erstattet", "Replaced"),
    "card.none": ("Intet kort", "No card"),
    "cap.none": ("Intet", "None"),
    # Account
    "account.title": ("Elevens konto", "Student account"),
    "account.balance": ("Saldo (bekræftet)", "Balance (confirmed)"),
    "account.pending": ("Venter på synkronisering", "Waiting to be synced"),
    "account.pending_none": ("Intet venter", "Nothing waiting"),
    "account.class": ("Klasse {label}", "Class {label}"),
    "account.left": ("Udmeldt", "Has left"),
    "account.cards": ("Kort", "Cards"),
    "account.cap": ("Dagligt maks", "Daily cap"),
    "account.spent_today": ("Brugt i dag", "Spent today"),
    "account.agreement": ("Automatisk optankning", "Automatic top-up"),
    "account.agreement_none": ("Ingen aftale", "No agreement"),
    "account.agreement_active": (
        "{amount} når saldoen er under 50 kr.",
        "{amount} when the balance is below 50 kr.",
    ),
    "account.agreement_waiting": (
        "{amount} – starter når saldoen når 100 kr.",
        "{amount} – starts when the balance reaches 100 kr.",
    ),
    "account.activity": ("Seneste aktivitet", "Recent activity"),
    "account.no_activity": ("Ingen aktivitet endnu.", "No activity yet."),
    "account.siblings": ("Søskende", "Siblings"),
    "account.no_siblings": ("Ingen søskende", "No siblings"),
    "account.blocked_on": ("spærret: {reason}", "blocked: {reason}"),
    "account.col_time": ("Tid", "Time"),
    "account.col_what": ("Hvad", "What"),
    "account.col_amount": ("Beløb", "Amount"),
    # Actions (keys in the footer)
    "action.deposit": ("Indbetal", "Deposit"),
    "action.block": ("Spær kort", "Block card"),
    "action.reactivate": ("Genåbn kort", "Reactivate card"),
    "action.replace": ("Nyt kort", "Replace card"),
    "action.cap": ("Dagligt maks", "Daily cap"),
    "action.statement": ("Kontoudtog", "Statement"),
    "action.sibling": (
        "Næste søskende",
        "Next sibling",
    ),
    "action.sync": ("Synkronisering", "Sync"),
    "action.search": ("Søg", "Search"),
    "action.deposit_help": ("Registrér en kontant indbetaling", "Record a cash deposit"),
    "action.block_help": ("Spær barnets kort", "Block the child's card"),
    "action.reactivate_help": ("Genåbn et spærret kort", "Reactivate a blocked card"),
    "action.replace_help": ("Erstat kortet med et nyt", "Replace the card with a new one"),
    "action.cap_help": ("Sæt eller fjern dagligt maks", "Set or clear the daily cap"),
    "action.statement_help": (
        "Udskriv kontoudtog for en periode",
        "Print a statement for a period",
    ),
    "action.sibling_help": ("Gå til næste søskende", "Go to the next sibling"),
    "action.sync_help": ("Vis ventende og afviste handlinger", "Show waiting and refused actions"),
    "action.search_help": ("Tilbage til søgningen", "Back to the search"),
    # Dialogs, shared
    "dialog.ok": ("OK", "OK"),
    "dialog.cancel": ("Annullér", "Cancel"),
    "dialog.confirm": ("Bekræft", "Confirm"),
    "dialog.yes": ("Ja", "Yes"),
    "dialog.no": ("Nej", "No"),
    "dialog.for": ("For {name}, {label}", "For {name}, {label}"),
    "dialog.fix_first": ("Ret feltet først: {message}", "Fix the field first: {message}"),
    # Deposit
    "deposit.title": ("Kontant indbetaling", "Cash deposit"),
    "deposit.amount": ("Beløb", "Amount"),
    "deposit.amount_hint": ("fx 200 eller 150,50", "e.g. 200 or 150.50"),
    "deposit.receipt": ("Kvitteringsnummer", "Receipt number"),
    "deposit.receipt_empty": (
        "Kvitteringsnummer: skriv et nummer",
        "Receipt number: type a number",
    ),
    "deposit.preview": (
        "{amount} indbetales kontant; ny saldo {balance}",
        "{amount} paid in cash; new balance {balance}",
    ),
    "deposit.done": (
        "{amount} indbetalt for {name} (kvittering {receipt}).",
        "{amount} deposited for {name} (receipt {receipt}).",
    ),
    "deposit.left": (
        "{name} er udmeldt: beløbet holdes i venteposten og markeres.",
        "{name} has left: the amount is held in suspense and flagged.",
    ),
    # Block / reactivate
    "block.title": ("Spær kort", "Block card"),
    "block.card": ("Kort {number}", "Card {number}"),
    "block.reason": ("Årsag", "Reason"),
    "block.reason.lost": ("Mistet", "Lost"),
    "block.reason.stolen": ("Stjålet", "Stolen"),
    "block.reason.damaged": ("Ødelagt", "Damaged"),
    "block.reason.other": ("Andet", "Other"),
    "block.reason.left": ("Udmeldt", "Left school"),
    "block.done": (
        "Kort {number} er spærret ({reason}): kantinen afviser det fra nu.",
        "Card {number} is blocked ({reason}): the canteen refuses it from now on.",
    ),
    "block.no_card": (
        "{name} har intet aktivt kort at spærre.",
        "{name} has no active card to block.",
    ),
    "reactivate.title": ("Genåbn kort", "Reactivate card"),
    "reactivate.question": (
        "Kort {number} for {name} genåbnes: kantinen tager imod det igen, så snart hovedbogen har "
        "genåbningen.",
        "Card {number} for {name} will be reactivated: the canteen accepts it again as soon as "
        "the ledger has the reactivation.",
    ),
    "reactivate.done": (
        "Kort {number} er genåbnet: kantinen tager imod det igen.",
        "Card {number} is reactivated: the canteen accepts it again.",
    ),
    "reactivate.no_card": ("{name} har intet spærret kort.", "{name} has no blocked card."),
    # Replace
    "replace.title": ("Nyt kort", "Replace card"),
    "replace.old": ("Gammelt kort: {number}", "Old card: {number}"),
    "replace.new": ("Nyt kortnummer (scan kortet)", "New card number (scan the card)"),
    "replace.fee": ("Gebyr: {fee}", "Fee: {fee}"),
    "replace.waive": ("Frafald gebyret", "Waive the fee"),
    "replace.waive_reason": ("Årsag til frafald", "Reason for waiving"),
    "replace.waive_reason_empty": (
        "Årsag til frafald: skriv hvorfor gebyret frafaldes",
        "Reason for waiving: say why the fee is waived",
    ),
    "replace.same": (
        "Nyt kortnummer: skal være et andet end det gamle kort",
        "New card number: must differ from the old card",
    ),
    "replace.taken": (
        "Nyt kortnummer: kort {number} tilhører allerede {name}",
        "New card number: card {number} already belongs to {name}",
    ),
    "replace.short": (
        "Saldoen ({balance}) dækker ikke gebyret – frafald det, eller indbetal først.",
        "The balance ({balance}) does not cover the fee – waive it, or take a deposit first.",
    ),
    "replace.done": (
        "Kort {old} er erstattet af {new}{fee} – saldoen følger med.",
        "Card {old} is replaced by {new}{fee} – the balance moves with the child.",
    ),
    "replace.done_fee": (", gebyr {fee}", ", fee {fee}"),
    "replace.done_waived": (", gebyr frafaldet", ", fee waived"),
    "replace.no_card": ("{name} har intet kort at erstatte.", "{name} has no card to replace."),
    # Cap
    "cap.title": ("Dagligt maks", "Daily cap"),
    "cap.amount": ("Maks pr. dag (tomt = intet maks)", "Most per day (empty = no cap)"),
    "cap.done": ("Dagligt maks for {name} er nu {cap}.", "Daily cap for {name} is now {cap}."),
    "cap.cleared": ("{name} har nu intet dagligt maks.", "{name} now has no daily cap."),
    # Statement
    "statement.title": ("Kontoudtog", "Statement"),
    "statement.from": (
        "Fra (dd.mm.åååå)",
        "From (yyyy-mm-dd)",
    ),
    "statement.to": (
        "Til (dd.mm.åååå)",
        "To (yyyy-mm-dd)",
    ),
    "statement.bad_date": (
        "{field}: skriv en dato som 24.11.2026",
        "{field}: type a date like 2026-11-24",
    ),
    "statement.this_month": ("Denne måned", "This month"),
    "statement.last_month": ("Sidste måned", "Last month"),
    "statement.school_year": ("Dette skoleår", "This school year"),
    "statement.custom": ("Egen periode", "Custom period"),
    "statement.key": ("{what} ({keys})", "{what} ({keys})"),
    "statement.order": (
        "Til: må ikke ligge før Fra",
        "To: may not be before From",
    ),
    "reactivate.yes": (
        "genåbn kortet",
        "reactivate the card",
    ),
    "reactivate.queued": (
        "Kort {number} genåbnes, når kontoret er online igen.",
        "Card {number} will be reactivated once the office is online again.",
    ),
    "block.queued": (
        "Kort {number} spærres ({reason}), når kontoret er online igen – indtil da kan kantinen "
        "stadig tage imod det.",
        "Card {number} will be blocked ({reason}) once the office is online again – until then "
        "the canteen may still accept it.",
    ),
    "block.summary": (
        "Kort {number} spærres: kantinen afviser det, så snart hovedbogen har spærringen.",
        "Card {number} will be blocked: the canteen refuses it as soon as the ledger has the "
        "block.",
    ),
    "dialog.ok_key": (
        "OK (Enter)",
        "OK (Enter)",
    ),
    "dialog.cancel_key": (
        "Fortryd (Esc)",
        "Cancel (Esc)",
    ),
    "dialog.yes_key": (
        "Ja, {what} (J)",
        "Yes, {what} (Y)",
    ),
    "dialog.no_key": (
        "Nej (Esc)",
        "No (Esc)",
    ),
    "deposit.receipt_next": (
        "Kvittering nr. {receipt} (tildeles af kontoret)",
        "Receipt no. {receipt} (numbered by the office)",
    ),
    "action.toggle_card": (
        "Spær/genåbn kort",
        "Block/reactivate card",
    ),
    "action.toggle_card_help": (
        "Spær barnets kort, eller genåbn et spærret kort",
        "Block the child's card, or reactivate a blocked one",
    ),
    "replace.yes": (
        "erstat kortet",
        "replace the card",
    ),
    "replace.confirm_fee": (
        "Kort {old} erstattes af {new}. Gebyret på {fee} trækkes fra {name}s saldo (ny saldo "
        "{balance}); saldoen følger med til det nye kort.",
        "Card {old} is replaced by {new}. The fee of {fee} is taken from {name}'s balance (new "
        "balance {balance}); the balance moves to the new card.",
    ),
    "replace.confirm_waived": (
        "Kort {old} erstattes af {new} uden gebyr ({reason}); saldoen følger med til det nye kort.",
        "Card {old} is replaced by {new} without a fee ({reason}); the balance moves to the new "
        "card.",
    ),
    "deposit.pending": (
        "Hovedbogen har den ikke endnu: kvitteringen siger »afventer«, og saldoen opdateres, når "
        "kontoret er online.",
        'The ledger does not have it yet: the receipt says "pending" and the balance updates '
        "once the office is online.",
    ),
    "replace.queued": (
        "Kort {old} erstattes af {new}, når kontoret er online igen.",
        "Card {old} will be replaced by {new} once the office is online again.",
    ),
    "cap.done_queued": (
        "Dagligt maks for {name} bliver {cap}, når kontoret er online igen.",
        "The daily cap for {name} becomes {cap} once the office is online again.",
    ),
    "cap.cleared_queued": (
        "Dagligt maks for {name} fjernes, når kontoret er online igen.",
        "The daily cap for {name} is removed once the office is online again.",
    ),
    "card.blocking": (
        "{status} – spærres, så snart hovedbogen har det",
        "{status} – being blocked, as soon as the ledger has it",
    ),
    "card.blocking_offline": (
        "{status} – spærres, når kontoret er online igen",
        "{status} – will be blocked once the office is online again",
    ),
    "card.reactivating": (
        "{status} – genåbnes, så snart hovedbogen har det",
        "{status} – being reactivated, as soon as the ledger has it",
    ),
    "card.reactivating_offline": (
        "{status} – genåbnes, når kontoret er online igen",
        "{status} – will be reactivated once the office is online again",
    ),
}
