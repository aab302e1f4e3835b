"""The administrator's texts: payouts, approvals, reversals, audit, day end
and leavers, in Danish and English."""

ADMIN_TEXTS: dict[str, tuple[str, str]] = {
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
        "Bankfil {path}: {count} udbetalinger, i alt {total}; de er sendt til banken, ikke "
        "betalt endnu",
        "Bank file {path}: {count} payouts, {total} in all; sent to the bank, not paid yet",
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
    "pending.balance.transfer": ("Flyt til søskende", "Move to sibling"),
    # Day end
    "action.day_end": ("Dagsafslutning", "Day end"),
    "action.day_end_help": ("Afstem kassen for i dag", "Balance today's cash drawer"),
    "payout.done.approved": (
        "Udbetaling af {amount} for {name} er godkendt (under grænsen) og kommer med i næste "
        "bankfil.",
        "Payout of {amount} for {name} is approved (below the threshold) and goes into the next "
        "bank file.",
    ),
    "payout.done.pending_approval": (
        "Udbetaling af {amount} for {name} er reserveret og venter på en anden administrators "
        "godkendelse.",
        "Payout of {amount} for {name} is reserved and waits for a second administrator's "
        "approval.",
    ),
    "payout.queued": (
        "Udbetaling af {amount} for {name} sendes til hovedbogen, når kontoret er online igen.",
        "Payout of {amount} for {name} goes to the ledger once the office is online again.",
    ),
    "reversal.queued": (
        "Tilbageførsel af {what} sendes, når kontoret er online igen; en anden administrator skal "
        "godkende.",
        "Reversal of {what} goes once the office is online again; a second administrator must "
        "approve.",
    ),
    "approvals.approved_queued": (
        "Godkendelsen sendes, når kontoret er online igen: {what}",
        "The approval goes once the office is online again: {what}",
    ),
    "approvals.rejected_queued": (
        "Afvisningen sendes, når kontoret er online igen: {what}",
        "The rejection goes once the office is online again: {what}",
    ),
    "approvals.approve_yes": (
        "godkend",
        "approve",
    ),
    "approvals.reject_yes": (
        "afvis",
        "reject",
    ),
    "approvals.bank_file_yes": (
        "lav bankfilen",
        "make the bank file",
    ),
    "approvals.confirm_approve.payout": (
        "Godkend {what}? Udbetalingen kommer med i næste bankfil.",
        "Approve {what}? The payout goes into the next bank file.",
    ),
    "approvals.confirm_approve.reversal": (
        "Godkend {what}? Transaktionen tilbageføres med det samme.",
        "Approve {what}? The transaction is reversed at once.",
    ),
    "approvals.confirm_reject.payout": (
        "Afvis {what} ({reason})? Pengene går tilbage på barnets konto.",
        "Reject {what} ({reason})? The money goes back to the child's account.",
    ),
    "approvals.confirm_reject.reversal": (
        "Afvis {what} ({reason})? Transaktionen står uændret.",
        "Reject {what} ({reason})? The transaction stays as it is.",
    ),
    "approvals.confirm_bank_file": (
        "{count} godkendte udbetalinger, i alt {total}, skrives i en overførselsfil til banken.",
        "{count} approved payouts, {total} in all, are written to a transfer file for the bank.",
    ),
    "roster.apply_yes": (
        "anvend klasselisten",
        "apply the class list",
    ),
    "roster.confirm": (
        "Klasselisten sendes til hovedbogen: {added} nye elever, {changed} ændrede og {leaving} "
        "udmeldte.",
        "The class list goes to the ledger: {added} new children, {changed} changed and {leaving} "
        "leaving.",
    ),
    "payout.yes": (
        "udbetal",
        "pay out",
    ),
    "payout.confirm": (
        "{amount} for {name} udbetales til {holder}, konto {reg_no} {account_no}. Beløbet "
        "reserveres på kontoen nu. {then}",
        "{amount} for {name} is paid out to {holder}, account {reg_no} {account_no}. The amount "
        "is reserved in the account now. {then}",
    ),
    "payout.confirm_approval": (
        "Over grænsen på {threshold}: en anden administrator skal godkende, før den kommer i en "
        "bankfil.",
        "Above the threshold of {threshold}: a second administrator must approve before it goes "
        "into a bank file.",
    ),
    "payout.confirm_direct": (
        "Under grænsen på {threshold}: den godkendes uden en anden administrator og kommer med i "
        "næste bankfil.",
        "Below the threshold of {threshold}: it is approved without a second administrator and "
        "goes into the next bank file.",
    ),
    "reversal.yes": (
        "bed om tilbageførsel",
        "ask for the reversal",
    ),
    "reversal.confirm": (
        "{what} for {name} tilbageføres, når en anden administrator har godkendt det. Grund: "
        "{reason}",
        "{what} for {name} is reversed once a second administrator has approved it. Reason: "
        "{reason}",
    ),
    "roster.refused.one": (
        "Intet er importeret: ret fejlen i filen og prøv igen, eller bekræft, at rækken udelades",
        "Nothing imported: correct the problem in the file and try again, or confirm that the "
        "row is left out",
    ),
    "roster.problems.one": (
        "1 fejl i filen:",
        "1 problem in the file:",
    ),
    "roster.queued.one": (
        "1 ændring er lagt i kø til hovedbogen",
        "1 change queued for the ledger",
    ),
    "approvals.confirm_bank_file.one": (
        "1 godkendt udbetaling på {total} skrives i en overførselsfil til banken.",
        "1 approved payout of {total} is written to a transfer file for the bank.",
    ),
}
