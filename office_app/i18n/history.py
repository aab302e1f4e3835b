"""What happened to an account, in words: transaction kinds, card events, declined
purchases, commands waiting in the outbox and the ledger's refusals, in Danish and English."""

HISTORY_TEXTS: dict[str, tuple[str, str]] = {
    # Activity lines
    "kind.cash_deposit": ("Kontant indbetaling", "Cash deposit"),
    "kind.online_deposit": ("Indbetaling online", "Online deposit"),
    "kind.autotopup": ("Automatisk optankning", "Automatic top-up"),
    "kind.purchase": ("Køb i kantinen", "Canteen purchase"),
    "kind.card_fee": ("Gebyr for nyt kort", "Fee for a new card"),
    "kind.payout_reserve": ("Udbetaling til bankkonto", "Payout to bank account"),
    "kind.payout_state": ("{what}: {state}", "{what}: {state}"),
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
    "pending.card.block": (
        "Spær kort {number}",
        "Block card {number}",
    ),
    "pending.card.reactivate": (
        "Genåbn kort {number}",
        "Reactivate card {number}",
    ),
    "pending.card.replace": (
        "Nyt kort {number}",
        "New card {number}",
    ),
    "pending.cap.set": ("Dagligt maks {cap}", "Daily cap {cap}"),
    "pending.other": (
        "Handling",
        "Action",
    ),
    "refused.sentence": (
        "Hovedbogen afviste det: {reason}. Se Synkronisering (F2).",
        "The ledger refused it: {reason}. See Sync (F2).",
    ),
    "refused.card_blocked": (
        "kortet er spærret",
        "the card is blocked",
    ),
    "refused.card_replaced": (
        "kortet er erstattet af et nyt",
        "the card has been replaced",
    ),
    "refused.unknown_card": (
        "kortet er ukendt",
        "the card is unknown",
    ),
    "refused.duplicate_card": (
        "kortnummeret bruges allerede",
        "the card number is already in use",
    ),
    "refused.unknown_student": (
        "eleven er ukendt",
        "the child is unknown",
    ),
    "refused.insufficient_funds": (
        "der er ikke penge nok på kontoen",
        "there is not enough money in the account",
    ),
    "refused.daily_cap_exceeded": (
        "det daglige maks er nået",
        "the daily cap is reached",
    ),
    "refused.invalid_amount": (
        "beløbet er uden for det tilladte",
        "the amount is outside what is allowed",
    ),
    "refused.invalid_field": (
        "en oplysning mangler eller er forkert",
        "a detail is missing or wrong",
    ),
    "refused.invalid_bank_account": (
        "bankkontoen er ikke gyldig",
        "the bank account is not valid",
    ),
    "refused.forbidden": (
        "medarbejderen må ikke gøre dette",
        "this staff member may not do this",
    ),
    "refused.four_eyes_required": (
        "en anden medarbejder skal godkende",
        "a second staff member must approve",
    ),
    "refused.payout_state": (
        "udbetalingen er allerede besluttet",
        "the payout has already been decided",
    ),
    "refused.reversal_state": (
        "tilbageførslen er allerede besluttet",
        "the reversal has already been decided",
    ),
    "refused.unknown_payout": (
        "udbetalingen er ukendt",
        "the payout is unknown",
    ),
    "refused.unknown_reversal": (
        "tilbageførslen er ukendt",
        "the reversal is unknown",
    ),
    "refused.unknown_txn": (
        "transaktionen er ukendt",
        "the transaction is unknown",
    ),
    "refused.already_reversed": (
        "transaktionen er allerede tilbageført",
        "the transaction has already been reversed",
    ),
    "refused.no_agreement": (
        "der er ingen aftale om automatisk optankning",
        "there is no automatic top-up agreement",
    ),
    "refused.payload_mismatch": (
        "handlingen blev sendt to gange med forskelligt indhold",
        "the action was sent twice with different content",
    ),
    "refused.other": (
        "hovedbogen gav en ukendt grund",
        "the ledger gave a reason the office does not know",
    ),
    "kind.transfer": (
        "Overført mellem søskende",
        "Moved between siblings",
    ),
    "kind.suspense_deposit": (
        "Indbetaling holdt i venteposten",
        "Deposit held in suspense",
    ),
    "pending.payout.request": (
        "Udbetaling {amount}",
        "Payout {amount}",
    ),
    "pending.balance.transfer": (
        "Overførsel {amount}",
        "Transfer {amount}",
    ),
    "pending.txn.reverse": (
        "Tilbageførsel",
        "Reversal",
    ),
    "pending.payout.approve": (
        "Godkendelse af udbetaling",
        "Approval of a payout",
    ),
    "pending.payout.reject": (
        "Afvisning af udbetaling",
        "Rejection of a payout",
    ),
    "pending.payout.settle": (
        "Udbetaling til banken",
        "Payout to the bank",
    ),
    "pending.reversal.approve": (
        "Godkendelse af tilbageførsel",
        "Approval of a reversal",
    ),
    "pending.reversal.reject": (
        "Afvisning af tilbageførsel",
        "Rejection of a reversal",
    ),
    "pending.student.upsert": (
        "Elev oprettet eller ændret",
        "Child added or changed",
    ),
    "pending.student.leave": (
        "Elev udmeldt",
        "Child leaving",
    ),
    "pending.card.issue": (
        "Kort udstedt {number}",
        "Card issued {number}",
    ),
    "pending.autotopup.cancel": (
        "Automatisk optankning stoppet",
        "Automatic top-up cancelled",
    ),
}
