"""The office's day at the desk: a class and its statements, today's receipts and their
copies, a staff member's own work today, and the day ends recorded before, in Danish and
English."""

OFFICE_DAY_TEXTS: dict[str, tuple[str, str]] = {
    # Keys on the search screen
    "search.class": ("Klassen", "The class"),
    "search.class_help": (
        "Klassen for det markerede barn: saldo, maks og kort for hele klassen",
        "The highlighted child's class: balance, cap and card for the whole class",
    ),
    "search.receipts": ("Dagens kvitteringer", "Today's receipts"),
    "search.receipts_help": (
        "Kontantkvitteringer givet her i dag, med genudskrift (KOPI)",
        "Cash receipts given here today, with a reprint (COPY)",
    ),
    "search.my_work": ("Mit arbejde i dag", "My work today"),
    "search.my_work_help": (
        "Det, du har gjort i dag på dette kontor, og hvor langt det er nået",
        "What you did today at this office, and how far each one has got",
    ),
    "search.no_class": (
        "Søg et barn frem først; Ctrl-O viser det markerede barns klasse.",
        "Find a child first; Ctrl-O shows the highlighted child's class.",
    ),
    # A class
    "class.heading": (
        "Klasse {label}: {count} elever · i alt {total} · {low} med lav saldo (under {limit})",
        "Class {label}: {count} children · {total} in all · {low} low on money (below {limit})",
    ),
    "class.heading.one": (
        "Klasse {label}: 1 elev · i alt {total} · {low} med lav saldo (under {limit})",
        "Class {label}: 1 child · {total} in all · {low} low on money (below {limit})",
    ),
    "class.col_name": ("Navn", "Name"),
    "class.col_balance": ("Saldo", "Balance"),
    "class.col_cap": ("Dagligt maks", "Daily cap"),
    "class.col_card": ("Kort", "Card"),
    "class.col_low": ("Bemærk", "Note"),
    "class.low": ("▲ Lav saldo", "▲ Low balance"),
    "class.none": ("Ingen elever i klasse {label}.", "No children in class {label}."),
    "class.statements": ("Kontoudtog for klassen", "Statements for the class"),
    "class.statements_help": (
        "Hele klassens kontoudtog for en periode i én PDF",
        "The whole class's statements for a period in one PDF",
    ),
    "class.open": ("Åbn barnet", "Open the child"),
    "class.statement_title": ("Kontoudtog for klasse {label}", "Statements for class {label}"),
    "class.progress": (
        "Laver kontoudtog: {done} af {total} elever …",
        "Making statements: {done} of {total} children …",
    ),
    "class.assembling": ("Samler PDF'en …", "Putting the PDF together …"),
    "class.busy": (
        "Klassens kontoudtog er ved at blive lavet; vent til de er færdige.",
        "The class's statements are being made; wait until they are done.",
    ),
    "class.done": (
        "Kontoudtog for klasse {label}, {count} elever: {printed}",
        "Statements for class {label}, {count} children: {printed}",
    ),
    # Today's receipts
    "receipts.title": ("Dagens kvitteringer på dette kontor", "Today's receipts at this office"),
    "receipts.col_no": ("Kvittering", "Receipt"),
    "receipts.col_child": ("Elev", "Child"),
    "receipts.col_amount": ("Beløb", "Amount"),
    "receipts.col_staff": ("Modtaget af", "Taken by"),
    "receipts.col_time": ("Kl.", "Time"),
    "receipts.col_state": ("Status", "State"),
    "receipts.none": ("Ingen kontante indbetalinger i dag.", "No cash deposits today."),
    "receipts.reprint": ("Genudskriv (KOPI)", "Reprint (COPY)"),
    "receipts.reprint_help": (
        "Udskriv den markerede kvittering igen, tydeligt mærket KOPI",
        "Print the highlighted receipt again, clearly marked COPY",
    ),
    "receipts.reprinted": ("Kopi af kvittering {receipt}:", "Copy of receipt {receipt}:"),
    "today.state.pending": ("Venter på hovedbogen", "Waiting for the ledger"),
    "today.state.applied": ("Bogført", "Recorded"),
    "today.state.rejected": ("Afvist: {reason}", "Refused: {reason}"),
    # My work today
    "work.title": ("Mit arbejde i dag – {name}", "My work today – {name}"),
    "work.col_time": ("Kl.", "Time"),
    "work.col_what": ("Hvad", "What"),
    "work.col_child": ("Elev", "Child"),
    "work.col_state": ("Status", "State"),
    "work.none": ("Du har ikke gjort noget her i dag.", "You have done nothing here today."),
    # Day end: the difference as it is typed, and the day ends before
    "dayend.live": (
        "Forventet i kassen {expected} · difference {difference}",
        "Expected in the drawer {expected} · difference {difference}",
    ),
    "dayend.live_even": (
        "Forventet i kassen {expected} · ingen difference",
        "Expected in the drawer {expected} · no difference",
    ),
    "dayend.live_waiting": (
        "Forventet i kassen {expected}; skriv det optalte beløb",
        "Expected in the drawer {expected}; type the counted amount",
    ),
    "dayend.history": ("Tidligere dagsafslutninger (Ctrl-R)", "Earlier day ends (Ctrl-R)"),
    "dayend.history_key": ("Tidligere dagsafslutninger", "Earlier day ends"),
    "dayend.history_title": ("Tidligere dagsafslutninger", "Earlier day ends"),
    "dayend.col_day": ("Dag", "Day"),
    "dayend.col_closed": ("Lukket", "Closed"),
    "dayend.col_by": ("Optalt af", "Counted by"),
    "dayend.col_expected": ("Forventet", "Expected"),
    "dayend.col_counted": ("Optalt", "Counted"),
    "dayend.col_difference": ("Difference", "Difference"),
    "dayend.history_none": (
        "Ingen dagsafslutninger på dette kontor endnu.",
        "No day ends at this office yet.",
    ),
    "dayend.history_open": ("Åbn rapporten igen", "Open the report again"),
    "dayend.history_open_help": (
        "Gem og udskriv den markerede dags rapport igen",
        "Save and print the highlighted day's report again",
    ),
    "dayend.history_facts": (
        "{day}: forventet {expected} (byttepenge {float}), optalt {counted}, difference"
        " {difference}. Optalt af {by}; kontrolleret af {checker}. Forklaring: {reason}",
        "{day}: expected {expected} (float {float}), counted {counted}, difference"
        " {difference}. Counted by {by}; checked by {checker}. Reason: {reason}",
    ),
    "dayend.history_nobody": ("underskrives på papiret", "signed on paper"),
    "dayend.history_missing": (
        "Rapporten for {day} findes ikke i datamappen; tallene står på skærmen.",
        "The report for {day} is not in the data folder; the figures are on the screen.",
    ),
}
