"""Every text the office shows, in Danish and English. Danish is the default.

``tr("key", name=...)`` gives the text in the language chosen by ``set_language``; a key
missing from the table is a bug that tests/test_i18n.py catches for every screen.
"""

from __future__ import annotations

from office_app.domain.money import format_kr, format_kr_en

LANGUAGES = ("da", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # The app and its frame
    "app.title": ("Skolekort · Kontoret", "School card · Office"),
    "app.signed_in": ("Logget ind: {name}", "Signed in: {name}"),
    "app.quit": ("Afslut", "Quit"),
    "app.back": ("Tilbage", "Back"),
    "app.palette": ("Kommandoer", "Commands"),
    "app.keys": ("Taster", "Keys"),
    "app.keys_help": ("Vis tasterne på denne skærm", "Show the keys on this screen"),
    "app.quit_help": ("Luk programmet", "Close the program"),
    "app.crashed": (
        "Kontorprogrammet stoppede ved en uventet fejl. Intet sendt eller gemt er mistet; start"
        " det igen. Detaljer til support: {path}",
        "The office program stopped after an unexpected error. Nothing sent or saved is lost;"
        " start it again. Details for support: {path}",
    ),
    "app.error": (
        "Noget gik galt: {reason}. Intet er mistet; prøv igen.",
        "Something went wrong: {reason}. Nothing is lost; try again.",
    ),
    # Sync
    "sync.online": ("Online", "Online"),
    "sync.offline": ("Offline", "Offline"),
    "sync.connecting": ("Forbinder …", "Connecting …"),
    "sync.waiting": ("{count} venter", "{count} waiting"),
    "sync.attention": ("{count} kræver handling", "{count} need attention"),
    "sync.last": ("Sidst synkroniseret {time}", "Last synced {time}"),
    "sync.never": ("Aldrig synkroniseret", "Never synced"),
    "sync.bootstrap": (
        "Henter skolens data: {count} ændringer …",
        "Fetching the school's data: {count} changes …",
    ),
    "sync.screen": ("Synkronisering", "Sync"),
    "sync.now": ("Synkroniser nu", "Sync now"),
    "sync.waiting_title": ("Venter på at blive sendt", "Waiting to be sent"),
    "sync.rejected_title": (
        "Afvist af ledger – kræver handling",
        "Refused by the ledger – needs attention",
    ),
    "sync.none_waiting": ("Intet venter.", "Nothing is waiting."),
    "sync.none_rejected": ("Intet kræver handling.", "Nothing needs attention."),
    "sync.col_time": ("Tid", "Time"),
    "sync.col_action": ("Handling", "Action"),
    "sync.col_staff": ("Medarbejder", "Staff"),
    "sync.col_message": ("Besked fra ledger", "Ledger's message"),
    "sync.offline_reason": ("Offline: {reason}", "Offline: {reason}"),
    "sync.stopped": ("Synkronisering stoppet: {reason}", "Sync stopped: {reason}"),
    # Login
    "login.title": ("Log ind", "Sign in"),
    "login.username": ("Brugernavn", "Username"),
    "login.password": ("Adgangskode", "Password"),
    "login.submit": ("Log ind", "Sign in"),
    "login.wrong": ("Forkert brugernavn eller adgangskode.", "Wrong username or password."),
    "login.empty": ("Skriv brugernavn og adgangskode.", "Type your username and password."),
    "login.paused": (
        "For mange forsøg. Vent {seconds} sekunder, og prøv igen.",
        "Too many attempts. Wait {seconds} seconds and try again.",
    ),
    "login.no_staff": (
        "Ingen medarbejdere kendt endnu – kontoret skal have forbindelse til ledger første gang.",
        "No staff known yet – the office must reach the ledger the first time.",
    ),
    "login.demo": ("Demo-login: {logins}", "Demo login: {logins}"),
    # Search
    "search.title": ("Søg", "Search"),
    "search.placeholder": (
        "Navn, klasse (5.B) eller kortnummer – eller scan et kort",
        "Name, class (5.B) or card number – or scan a card",
    ),
    "search.col_name": ("Navn", "Name"),
    "search.col_class": ("Klasse", "Class"),
    "search.col_balance": ("Saldo", "Balance"),
    "search.col_card": ("Kort", "Card"),
    "search.col_cap": ("Dagligt maks", "Daily cap"),
    "search.count": ("{shown} af {total} elever", "{shown} of {total} students"),
    "search.count_more": ("{shown} af over {total} elever", "{shown} of over {total} students"),
    "search.none": ("Ingen elever passer på »{query}«.", "No students match “{query}”."),
    "search.unknown_card": ("Ukendt kort: {number}", "Unknown card: {number}"),
    "search.bad_card": ("Kortnummer: {reason}", "Card number: {reason}"),
    "search.loading": ("Indlæser elever …", "Loading students …"),
    "search.start": ("Skriv for at søge.", "Type to search."),
    "search.open": ("Åbn", "Open"),
    "search.focus": ("Søg", "Search"),
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
    "action.sibling": ("Søskende", "Sibling"),
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
    "deposit.amount_hint": ("fx 200 eller 150,50", "e.g. 200 or 150,50"),
    "deposit.receipt": ("Kvitteringsnummer", "Receipt number"),
    "deposit.receipt_empty": (
        "Kvitteringsnummer: skriv et nummer",
        "Receipt number: type a number",
    ),
    "deposit.preview": (
        "Ny saldo efter synkronisering: {balance}",
        "New balance after sync: {balance}",
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
    "block.done": (
        "Kort {number} er spærret ({reason}). Kantinen afviser det fra nu.",
        "Card {number} is blocked ({reason}). The canteen refuses it from now on.",
    ),
    "block.no_card": (
        "{name} har intet aktivt kort at spærre.",
        "{name} has no active card to block.",
    ),
    "reactivate.title": ("Genåbn kort", "Reactivate card"),
    "reactivate.question": (
        "Genåbn kort {number} for {name}? Kortet kan bruges igen, når ledger har godkendt det.",
        "Reactivate card {number} for {name}? "
        "The card can be used again once the ledger has approved it.",
    ),
    "reactivate.done": (
        "Kort {number} genåbnes – sendt til ledger.",
        "Card {number} will be reactivated – sent to the ledger.",
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
    "statement.from": ("Fra (ÅÅÅÅ-MM-DD)", "From (YYYY-MM-DD)"),
    "statement.to": ("Til (ÅÅÅÅ-MM-DD)", "To (YYYY-MM-DD)"),
    "statement.bad_date": (
        "{field}: skriv en dato som 2026-11-24",
        "{field}: type a date like 2026-11-24",
    ),
    "statement.order": (
        "Til: må ikke ligge før Fra",
        "To: may not be before From",
    ),
    # Activity lines
    "kind.cash_deposit": ("Kontant indbetaling", "Cash deposit"),
    "kind.online_deposit": ("Indbetaling online", "Online deposit"),
    "kind.autotopup": ("Automatisk optankning", "Automatic top-up"),
    "kind.purchase": ("Køb i kantinen", "Canteen purchase"),
    "kind.card_fee": ("Gebyr for nyt kort", "Fee for a new card"),
    "kind.payout_reserve": ("Udbetaling til bankkonto", "Payout to bank account"),
    "kind.payout_return": ("Udbetaling afvist – beløb retur", "Payout refused – amount returned"),
    "kind.payout_settle": ("Udbetaling gennemført", "Payout completed"),
    "kind.reversal": ("Tilbageførsel", "Reversal"),
    "kind.declined": ("Afvist køb: {reason}", "Declined purchase: {reason}"),
    "kind.card_event": ("Kort {number}: {event}", "Card {number}: {event}"),
    "event.issued": ("udstedt", "issued"),
    "event.blocked": ("spærret", "blocked"),
    "event.reactivated": ("genåbnet", "reactivated"),
    "event.replaced": ("erstattet", "replaced"),
    "decline.card_blocked": ("Kortet er spærret", "The card is blocked"),
    "decline.daily_cap_exceeded": ("Dagligt maks nået", "Daily cap reached"),
    "decline.insufficient_funds": ("Ikke nok penge", "Not enough money"),
    "decline.card_replaced": ("Kortet er erstattet af et nyt", "The card has been replaced"),
    "decline.unknown_card": ("Ukendt kort", "Unknown card"),
    "pending.deposit.cash": ("Indbetaling {amount}", "Deposit {amount}"),
    "pending.card.block": ("Spær kort {number}", "Block card {number}"),
    "pending.card.reactivate": ("Genåbn kort {number}", "Reactivate card {number}"),
    "pending.card.replace": ("Nyt kort {number}", "New card {number}"),
    "pending.cap.set": ("Dagligt maks {cap}", "Daily cap {cap}"),
    "pending.other": ("{type}", "{type}"),
}

#: The administrator's work: roster import, payouts, approvals, reversals, audit, day end.
ADMIN_TEXTS: dict[str, tuple[str, str]] = {
    # Roster import
    "roster.column.external_ref": ("elev-id", "external id"),
    "roster.column.first_name": ("fornavn", "first name"),
    "roster.column.last_name": ("efternavn", "last name"),
    "roster.column.name": ("navn", "name"),
    "roster.column.class_label": ("klasse", "class"),
    "roster.column.guardian_name": ("forælders navn", "guardian name"),
    "roster.column.email": ("forælders e-mail", "guardian e-mail"),
    "roster.encoding": (
        "filen er hverken UTF-8 eller Windows-1252",
        "the file is neither UTF-8 nor Windows-1252",
    ),
    "roster.empty": (
        "filen har ingen overskriftslinje og ingen elever",
        "the file has no heading line and no children",
    ),
    "roster.unreadable": (
        "linje {line}: kan ikke læses ({reason})",
        "line {line}: unreadable ({reason})",
    ),
    "roster.heading_twice": (
        "linje {line}: kolonnen {heading!r} står der to gange",
        "line {line}: the column {heading!r} appears twice",
    ),
    "roster.missing_columns": (
        "linje {line}: kolonner mangler: {columns}",
        "line {line}: columns missing: {columns}",
    ),
    "roster.too_few": (
        "{found} felter, overskriften har {expected}",
        "{found} fields, the heading has {expected}",
    ),
    "roster.too_many": (
        "{found} felter, overskriften har {expected}",
        "{found} fields, the heading has {expected}",
    ),
    "roster.control": ("{column}: indeholder styretegn", "{column}: contains control characters"),
    "roster.blank": ("{column}: er tom", "{column}: is empty"),
    "roster.too_long": ("{column}: højst {limit} tegn", "{column}: at most {limit} characters"),
    "roster.bad_class": (
        "klasse: {value!r} er ikke en klasse som 0.A eller 5.B",
        "class: {value!r} is not a class such as 0.A or 5.B",
    ),
    "roster.bad_email": (
        "forælders e-mail: {value!r} er ikke en e-mailadresse",
        "guardian e-mail: {value!r} is not an e-mail address",
    ),
    "roster.duplicate": (
        "elev-id {ref!r} står også på linje {line}",
        "external id {ref!r} is also on line {line}",
    ),
    "roster.refused": (
        "Intet er importeret: ret de {count} fejl i filen og prøv igen",
        "Nothing imported: correct the {count} problems in the file and try again",
    ),
    "action.roster": ("Elevimport", "Roster import"),
    "action.roster_help": (
        "Indlæs klasselister fra skolens administrative system",
        "Import the class lists from the school's administrative system",
    ),
    "roster.title": ("Elevimport fra CSV", "Roster import from CSV"),
    "roster.file": ("Fil (CSV)", "File (CSV)"),
    "roster.file_hint": (
        "Skriv stien og tryk Enter for en prøvekørsel",
        "Type the path and press Enter for a dry run",
    ),
    "roster.unreadable_file": (
        "Fil: {path} kan ikke læses ({reason})",
        "File: {path} cannot be read ({reason})",
    ),
    "roster.apply": ("Anvend", "Apply"),
    "roster.apply_help": (
        "Læg ændringerne i kø til hovedbogen",
        "Queue the changes for the ledger",
    ),
    "roster.col_change": ("Ændring", "Change"),
    "roster.col_child": ("Elev", "Child"),
    "roster.col_class": ("Klasse", "Class"),
    "roster.col_detail": ("Detaljer", "Details"),
    "roster.kind.add": ("Ny", "New"),
    "roster.kind.change": ("Ændret", "Changed"),
    "roster.kind.leave": ("Udmeldes", "Leaving"),
    "roster.kind.problem": ("Fejl", "Problem"),
    "roster.nothing": ("Ingen ændringer", "No changes"),
    "roster.diff.returns": ("kommer tilbage", "returns"),
    "roster.diff.name": ("navn {old} → {new}", "name {old} → {new}"),
    "roster.diff.class": ("klasse {old} → {new}", "class {old} → {new}"),
    "roster.diff.guardian": ("forælder {old} → {new}", "guardian {old} → {new}"),
    "roster.summary": (
        "{added} nye, {changed} ændrede, {leaving} udmeldes, {unchanged} uændrede",
        "{added} new, {changed} changed, {leaving} leaving, {unchanged} unchanged",
    ),
    "roster.problems": ("{count} fejl i filen:", "{count} problems in the file:"),
    "roster.line": ("linje {line}: {reason}", "line {line}: {reason}"),
    "roster.added": (
        "Ny: {name} ({class_label}), id {ref}",
        "New: {name} ({class_label}), id {ref}",
    ),
    "roster.changed": (
        "Ændret: {name} ({class_label}): {what}",
        "Changed: {name} ({class_label}): {what}",
    ),
    "roster.leaving": (
        "Udmeldes: {name} ({class_label}), saldo {balance}",
        "Leaving: {name} ({class_label}), balance {balance}",
    ),
    "roster.queued": (
        "{count} ændringer er lagt i kø til hovedbogen",
        "{count} changes queued for the ledger",
    ),
    # Payout
    "action.payout": ("Udbetal", "Pay out"),
    "action.payout_help": (
        "Udbetal saldoen til forældrenes bankkonto",
        "Pay the balance out to the parents' bank account",
    ),
    "payout.title": ("Udbetaling til bankkonto", "Payout to a bank account"),
    "payout.holder": ("Kontohavers navn", "Account holder's name"),
    "payout.reg_no": ("Registreringsnummer (4 cifre)", "Registration number (4 digits)"),
    "payout.account_no": ("Kontonummer (op til 10 cifre)", "Account number (up to 10 digits)"),
    "payout.account_no_again": ("Kontonummer igen", "Account number again"),
    "payout.message": ("Besked til modtageren", "Message to the recipient"),
    "payout.amount": ("Beløb", "Amount"),
    "payout.holder_empty": ("Kontohavers navn: skriv navnet", "Account holder's name: enter it"),
    "payout.account_differs": (
        "Kontonummer igen: de to kontonumre er forskellige",
        "Account number again: the two account numbers differ",
    ),
    "payout.no_money": ("Der er ingen penge at udbetale", "There is no money to pay out"),
    "payout.preview": (
        "{amount} til {reg_no} {account_no}; saldo bagefter {balance}",
        "{amount} to {reg_no} {account_no}; balance after {balance}",
    ),
    "payout.needs_approval": (
        " Over {threshold}: en anden medarbejder skal godkende.",
        " Above {threshold}: a second staff member must approve.",
    ),
    "payout.done": (
        "Udbetaling af {amount} for {name} er sendt til hovedbogen",
        "Payout of {amount} for {name} sent to the ledger",
    ),
    "payout.bank_text": ("Skolekort {name}", "School card {name}"),
    # Approvals
    "action.approvals": ("Godkendelser", "Approvals"),
    "action.approvals_help": (
        "Udbetalinger og tilbageførsler der venter på godkendelse",
        "Payouts and reversals waiting for approval",
    ),
    "approvals.title": ("Venter på godkendelse", "Waiting for approval"),
    "approvals.col_what": ("Hvad", "What"),
    "approvals.col_child": ("Elev", "Child"),
    "approvals.col_amount": ("Beløb", "Amount"),
    "approvals.col_by": ("Bedt om af", "Requested by"),
    "approvals.col_when": ("Tidspunkt", "When"),
    "approvals.col_state": ("Status", "State"),
    "approvals.col_detail": ("Detaljer", "Details"),
    "approvals.kind.payout": ("Udbetaling {amount} for {name}", "Payout {amount} for {name}"),
    "approvals.kind.reversal": (
        "Tilbageførsel {amount} for {name}",
        "Reversal {amount} for {name}",
    ),
    "approvals.what.payout": ("Udbetaling", "Payout"),
    "approvals.what.reversal": ("Tilbageførsel", "Reversal"),
    "approvals.state.pending_approval": ("Venter", "Waiting"),
    "approvals.state.approved": ("Godkendt, til banken", "Approved, for the bank"),
    "approvals.state.queued": ("Besluttet, sendes", "Decided, being sent"),
    "approvals.none": ("Intet venter på godkendelse", "Nothing waits for approval"),
    "approvals.approve": ("Godkend", "Approve"),
    "approvals.approve_help": ("Godkend den markerede", "Approve the highlighted one"),
    "approvals.reject": ("Afvis", "Reject"),
    "approvals.reject_help": ("Afvis den markerede med en grund", "Reject the highlighted one"),
    "approvals.bank_file": ("Bankfil", "Bank file"),
    "approvals.bank_file_help": (
        "Lav en overførselsfil med de godkendte udbetalinger",
        "Make a transfer file of the approved payouts",
    ),
    "approvals.own": (
        "Du har selv bedt om den; en anden medarbejder skal godkende",
        "You asked for it yourself; a second staff member must approve",
    ),
    "approvals.own_hint": (
        "Markeret: din egen anmodning. En anden medarbejder skal godkende den.",
        "Highlighted: your own request. A second staff member must approve it.",
    ),
    "approvals.reason_empty": ("Grund: skriv hvorfor", "Reason: say why"),
    "approvals.reject_title": ("Afvis", "Reject"),
    "approvals.reason": ("Grund", "Reason"),
    "approvals.approved": ("Godkendt: {what}", "Approved: {what}"),
    "approvals.rejected": ("Afvist: {what}", "Rejected: {what}"),
    "approvals.bank_done": (
        "Bankfil {path}: {count} udbetalinger, i alt {total}; de markeres som betalt",
        "Bank file {path}: {count} payouts, {total} in all; they are marked as paid",
    ),
    "approvals.bank_finished": (
        "En bankfil, der blev afbrudt, er gjort færdig: {path}.",
        "A bank file that was interrupted has been completed: {path}.",
    ),
    "approvals.bank_none": ("Ingen godkendte udbetalinger", "No approved payouts"),
    # Reversal
    "action.reversal": ("Tilbagefør", "Reverse"),
    "action.reversal_help": (
        "Tilbagefør en transaktion (en anden skal godkende)",
        "Reverse a transaction (a second staff member approves)",
    ),
    "reversal.title": ("Tilbagefør en transaktion", "Reverse a transaction"),
    "reversal.pick": ("Transaktion", "Transaction"),
    "reversal.none": ("Intet at tilbageføre for {name}", "Nothing to reverse for {name}"),
    "reversal.pick_first": ("Transaktion: vælg en", "Transaction: choose one"),
    "reversal.reason": ("Grund", "Reason"),
    "reversal.done": (
        "Tilbageførsel af {what} er sendt; en anden medarbejder skal godkende",
        "Reversal of {what} sent; a second staff member must approve",
    ),
    "reversal.admins_only": ("Kun administratorer", "Administrators only"),
    # Audit log
    "action.audit": ("Revisionslog", "Audit log"),
    "action.audit_help": (
        "Hvem gjorde hvad, hvornår, fra hvilken enhed",
        "Who did what, when, from which device",
    ),
    "audit.title.school": (
        "Revisionslog for skolen – alle enheder (F3: kun dette kontor)",
        "The school's audit log – every device (F3: this office only)",
    ),
    "audit.title.office": (
        "Revisionslog for dette kontor (F3: hele skolen)",
        "This office's audit log (F3: the whole school)",
    ),
    "audit.switch": ("Skolen/kontoret", "School/office"),
    "audit.checking": ("Kontrollerer kæderne …", "Checking the chains …"),
    "audit.chain.school": ("Skolens kæde (ledgeren)", "The school's chain (the ledger)"),
    "audit.chain.office": ("Dette kontors kæde", "This office's chain"),
    "audit.office_no": ("Kontor {number}", "Office {number}"),
    "audit.device.office": ("kontor", "office"),
    "audit.device.terminal": ("kantineterminal", "canteen terminal"),
    "audit.device.portal": ("forældreportal", "parent portal"),
    "audit.state.refused_because": ("Afvist: {reason}", "Refused: {reason}"),
    "audit.type.student.upsert": ("Elev oprettet/ændret", "Child added/changed"),
    "audit.type.student.leave": ("Elev udmeldt", "Child marked as leaving"),
    "audit.type.card.issue": ("Kort udstedt", "Card issued"),
    "audit.type.card.block": ("Kort spærret", "Card blocked"),
    "audit.type.card.reactivate": ("Kort genåbnet", "Card reactivated"),
    "audit.type.card.replace": ("Kort erstattet", "Card replaced"),
    "audit.type.cap.set": ("Dagligt maks sat", "Daily cap set"),
    "audit.type.deposit.cash": ("Kontant indbetaling", "Cash deposit"),
    "audit.type.deposit.online": ("Indbetaling online", "Online deposit"),
    "audit.type.autotopup.create": ("Automatisk optankning oprettet", "Automatic top-up set up"),
    "audit.type.autotopup.cancel": ("Automatisk optankning stoppet", "Automatic top-up stopped"),
    "audit.type.purchase": ("Køb i kantinen", "Canteen purchase"),
    "audit.type.payout.request": ("Udbetaling bedt om", "Payout requested"),
    "audit.type.payout.approve": ("Udbetaling godkendt", "Payout approved"),
    "audit.type.payout.reject": ("Udbetaling afvist", "Payout rejected"),
    "audit.type.payout.settle": ("Udbetaling betalt", "Payout paid"),
    "audit.type.txn.reverse": ("Tilbageførsel bedt om", "Reversal requested"),
    "audit.type.reversal.approve": ("Tilbageførsel godkendt", "Reversal approved"),
    "audit.type.reversal.reject": ("Tilbageførsel afvist", "Reversal rejected"),
    "audit.type.balance.transfer": ("Flyttet til søskende", "Moved to a sibling"),
    "audit.child": ("Elev", "Child"),
    "audit.staff": ("Medarbejder", "Staff member"),
    "audit.day": ("Dag (dd.mm.åååå)", "Day (dd.mm.yyyy)"),
    "audit.bad_day": (
        "Dag: {value!r} er ikke en dato som 24.11.2026",
        "Day: {value!r} is not a date such as 24.11.2026",
    ),
    "audit.col_no": ("Nr.", "No."),
    "audit.col_time": ("Tidspunkt", "Time"),
    "audit.col_staff": ("Medarbejder", "Staff"),
    "audit.col_device": ("Enhed", "Device"),
    "audit.col_action": ("Handling", "Action"),
    "audit.col_child": ("Elev", "Child"),
    "audit.col_state": ("Status", "State"),
    "audit.this_office": ("Dette kontor", "This office"),
    "audit.state.pending": ("Venter", "Waiting"),
    "audit.state.applied": ("Gennemført", "Applied"),
    "audit.state.rejected": ("Afvist", "Refused"),
    "audit.none": ("Ingen hændelser passer", "No events match"),
    "audit.intact": (
        "{chain} er intakt: alle {count} hændelser er kontrolleret.",
        "{chain} is intact: all {count} events checked.",
    ),
    "audit.broken": (
        "{chain} er BRUDT ({count} fejl): {first}",
        "{chain} is BROKEN ({count} problems): {first}",
    ),
    "audit.problem.broken_link": (
        "hændelse {position} følger ikke efter hændelse {after}",
        "event {position} does not follow event {after}",
    ),
    "audit.problem.changed": (
        "hændelse {position} er ændret efter den blev skrevet",
        "event {position} was changed after it was written",
    ),
    "audit.problem.missing": (
        "handling nr. {position} har ingen hændelse i loggen",
        "action no. {position} has no event in the log",
    ),
    "audit.problem.unrecorded": (
        "ledgeren besluttede handling nr. {position} herfra, men har ingen hændelse for den",
        "the ledger decided action no. {position} from this office but has no event for it",
    ),
    "audit.verify": ("Kontrollér kæden", "Verify the chain"),
    "audit.action.dayend.close": ("Dagsafslutning", "Day end"),
    "pending.payout.request": ("Udbetaling {amount}", "Payout {amount}"),
    "pending.payout.approve": ("Godkend udbetaling", "Approve payout"),
    "pending.payout.reject": ("Afvis udbetaling", "Reject payout"),
    "pending.payout.settle": ("Udbetaling betalt ({ref})", "Payout paid ({ref})"),
    "pending.txn.reverse": ("Tilbageførsel bedt om", "Reversal requested"),
    "pending.reversal.approve": ("Godkend tilbageførsel", "Approve reversal"),
    "pending.reversal.reject": ("Afvis tilbageførsel", "Reject reversal"),
    "pending.student.upsert": ("Elev {name} ({label})", "Child {name} ({label})"),
    "pending.student.leave": ("Udmeldt", "Marked as leaving"),
    "kind.transfer": ("Flyttet mellem søskende", "Moved between siblings"),
    # Leavers
    "action.leavers": ("Udmeldte", "Leavers"),
    "action.leavers_help": (
        "Udmeldte elever der stadig har penge",
        "Children who left and still have money",
    ),
    "leavers.title": ("Udmeldte elever med penge", "Leavers with money"),
    "leavers.col_child": ("Elev", "Child"),
    "leavers.col_class": ("Klasse", "Class"),
    "leavers.col_balance": ("Saldo", "Balance"),
    "leavers.col_siblings": ("Søskende", "Siblings"),
    "leavers.col_decision": ("Besluttet", "Decided"),
    "leavers.none": ("Ingen udmeldte elever har penge", "No leaver has money"),
    "leavers.waiting": ("Venter på hovedbogen", "Waiting for the ledger"),
    "leavers.kept": ("Beholdes: {reason}", "Kept: {reason}"),
    "leavers.payout": ("Udbetal", "Pay out"),
    "leavers.move": ("Flyt til søskende", "Move to sibling"),
    "leavers.keep": ("Behold", "Keep"),
    "leavers.move_title": ("Flyt penge til søskende", "Move money to a sibling"),
    "leavers.keep_title": ("Behold pengene indtil videre", "Keep the money for now"),
    "leavers.sibling": ("Søskende", "Sibling"),
    "leavers.amount": ("Beløb", "Amount"),
    "leavers.consent": (
        "Forælders samtykke (hvem, hvordan, hvornår)",
        "Guardian's consent (who, how, when)",
    ),
    "leavers.consent_empty": (
        "Forælders samtykke: skriv hvem der gav det, og hvordan",
        "Guardian's consent: write who gave it, and how",
    ),
    "leavers.not_sibling": ("Søskende: vælg en søskende", "Sibling: choose a sibling"),
    "leavers.no_siblings": (
        "{name} har ingen søskende på skolen",
        "{name} has no sibling at the school",
    ),
    "leavers.moved": (
        "{amount} flyttes fra {name} til {sibling}",
        "{amount} is moved from {name} to {sibling}",
    ),
    "leavers.kept_done": ("Pengene for {name} beholdes", "The money of {name} is kept"),
    "audit.action.leaver.keep": ("Udmeldts penge beholdes", "Leaver's money kept"),
    "pending.balance.transfer": ("Flyt til søskende", "Move to sibling"),
    # Day end
    "action.day_end": ("Dagsafslutning", "Day end"),
    "action.day_end_help": ("Afstem kassen for i dag", "Balance today's cash drawer"),
    "dayend.title": ("Dagsafslutning for kassen {day}", "Cash drawer day end {day}"),
    "dayend.col_staff": ("Medarbejder", "Staff member"),
    "dayend.col_count": ("Indbetalinger", "Deposits"),
    "dayend.col_total": ("Beløb", "Amount"),
    "dayend.expected": ("Forventet i kassen", "Expected in the drawer"),
    "dayend.counted": ("Optalt", "Counted"),
    "dayend.difference": ("Difference", "Difference"),
    "dayend.reason": ("Forklaring på difference", "Reason for the difference"),
    "dayend.reason_needed": (
        "Forklaring på difference: skriv hvorfor optalt og forventet er forskellige",
        "Reason for the difference: say why counted and expected differ",
    ),
    "dayend.none": ("Ingen kontante indbetalinger i dag", "No cash deposits today"),
    "dayend.close": ("Luk kassen", "Close the drawer"),
    "dayend.preview": ("Difference {difference}", "Difference {difference}"),
    "dayend.closed_before": (
        "Allerede afsluttet {count} gang(e) i dag; sidst optalt {counted}",
        "Already closed {count} time(s) today; last counted {counted}",
    ),
    "dayend.done": (
        "Kassen er afsluttet: optalt {counted}, difference {difference}. {printed}",
        "Drawer closed: counted {counted}, difference {difference}. {printed}",
    ),
}
TEXTS.update(ADMIN_TEXTS)

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
