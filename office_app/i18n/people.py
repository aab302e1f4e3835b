"""The people around a child at the desk: guardians, siblings and the household, the automatic
top-up agreement and its cancelling, and finding a child by them, in Danish and English."""

PEOPLE_TEXTS: dict[str, tuple[str, str]] = {
    # The account screen
    "account.class_ref": ("Klasse {label} · Elevnr. {ref}", "Class {label} · Pupil no. {ref}"),
    "account.left_mark": ("UDMELDT", "HAS LEFT"),
    "account.guardians": ("Forældre", "Guardians"),
    "account.no_guardians": ("Ingen forældre registreret", "No guardians registered"),
    "account.no_email": ("(ingen e-mail – adressebeskyttet)", "(no e-mail – address protected)"),
    "account.sibling_line": ("{name} ({label}) {balance}", "{name} ({label}) {balance}"),
    "agreement.state.waiting": ("Venter", "Waiting"),
    "agreement.state.active": ("Aktiv", "Active"),
    "agreement.state.cancelled": ("Annulleret", "Cancelled"),
    "agreement.amount": ("{state}: {amount} ad gangen", "{state}: {amount} each time"),
    "agreement.rule.waiting": (
        "Starter når saldoen når 100 kr.",
        "Starts when the balance reaches 100 kr.",
    ),
    "agreement.rule.active": (
        "Fylder op når saldoen er under 50 kr.",
        "Tops up when the balance is below 50 kr.",
    ),
    "agreement.created": ("Oprettet {day}", "Made {day}"),
    "agreement.cancelled_on": ("Annulleret {day}", "Cancelled {day}"),
    "agreement.last": ("Sidst optanket {day}: {amount}", "Last top-up {day}: {amount}"),
    "agreement.never": ("Ikke optanket endnu", "No top-up yet"),
    # Cancelling the agreement
    "action.cancel_agreement": ("Stop optankning", "Stop top-up"),
    "action.cancel_agreement_help": (
        "Annullér den automatiske optankning for forælderen",
        "Cancel the automatic top-up for the parent",
    ),
    "agreement.cancel_title": ("Stop automatisk optankning", "Stop automatic top-up"),
    "agreement.cancel_question": (
        "Den automatiske optankning for {name} ({amount} ad gangen) annulleres. Der trækkes "
        "ikke flere penge fra forælderens betalingskort; saldoen {balance} er uændret. Vil "
        "forælderen have den igen, skal de oprette en ny aftale. Stop optankningen?",
        "The automatic top-up for {name} ({amount} each time) is cancelled. No more money is "
        "taken from the parent's payment card; the balance {balance} stays as it is. If the "
        "parent wants it again, they must make a new agreement. Stop the top-up?",
    ),
    "agreement.cancel_yes": ("stop optankningen", "stop the top-up"),
    "agreement.cancel_none": (
        "{name} har ingen automatisk optankning at stoppe.",
        "{name} has no automatic top-up to stop.",
    ),
    "agreement.cancel_done": (
        "Den automatiske optankning for {name} er annulleret.",
        "The automatic top-up for {name} is cancelled.",
    ),
    "agreement.cancel_queued": (
        "Den automatiske optankning for {name} annulleres, når kontoret er online igen.",
        "The automatic top-up for {name} will be cancelled once the office is online again.",
    ),
    # The household
    "action.household": ("Husstand", "Household"),
    "action.household_help": (
        "Alle børn i husstanden med saldo og samlet kontoudtog",
        "Every child of the household with balances, and one statement for them all",
    ),
    "household.title": ("Husstand", "Household"),
    "household.of": ("Husstanden omkring {name}", "The household around {name}"),
    "household.guardians": ("Forældre: {names}", "Guardians: {names}"),
    "household.total": ("I alt: {total}", "Total: {total}"),
    "household.col_name": ("Navn", "Name"),
    "household.col_class": ("Klasse", "Class"),
    "household.col_state": ("Status", "State"),
    "household.col_balance": ("Saldo", "Balance"),
    "household.active": ("Går i skolen", "At school"),
    "household.statement": ("Kontoudtog for husstanden", "Household statement"),
    "household.statement_for": (
        "Ét kontoudtog med hvert barn: {names}",
        "One statement with each child: {names}",
    ),
    "household.statement_help": (
        "Udskriv ét samlet kontoudtog med hvert barn for en periode",
        "Print one statement with each child for a period",
    ),
    "household.open": ("Åbn barnet", "Open the child"),
    # Searching by people
    "search.col_guardian": ("Forælder", "Guardian"),
    "search.left_mark": ("udmeldt", "left"),
    "search.choose": (
        "{total} elever passer – vælg med ↑↓ og Enter.",
        "{total} students match – choose with ↑↓ and Enter.",
    ),
}
