"""Texts of a staff member's own account (changing the password) and of the subject-access
report (what the school holds about a child), in Danish and English."""

PRIVACY_TEXTS: dict[str, tuple[str, str]] = {
    "student.anonymised": ("(anonymiseret elev)", "(anonymised child)"),
    # Changing one's own password
    "action.password": ("Skift adgangskode", "Change password"),
    "action.password_help": (
        "Skift din egen adgangskode; den nye gælder på alle kontorer efter synkronisering",
        "Change your own password; the new one works at every office after sync",
    ),
    "password.title": ("Skift din adgangskode", "Change your password"),
    "audit.type.staff.password": ("Adgangskode skiftet", "Password changed"),
    "audit.type.staff.add": ("Medarbejder oprettet", "Staff member added"),
    "audit.type.staff.deactivate": ("Medarbejder deaktiveret", "Staff member deactivated"),
    "audit.type.staff.reset_password": ("Adgangskode nulstillet", "Password reset"),
    "audit.type.device.revoke": ("Enhed spærret", "Device revoked"),
    "audit.type.device.rotate": ("Enhedens nøgle skiftet", "Device token rotated"),
    "audit.type.student.anonymise": ("Elev anonymiseret", "Child anonymised"),
    "password.for": ("For {name}", "For {name}"),
    "password.current": ("Nuværende adgangskode", "Current password"),
    "password.new": ("Ny adgangskode", "New password"),
    "password.repeat": ("Ny adgangskode igen", "New password again"),
    "password.current_empty": (
        "Nuværende adgangskode: skriv den, du logger ind med",
        "Current password: type the one you sign in with",
    ),
    "password.wrong_current": (
        "Nuværende adgangskode: den er forkert",
        "Current password: it is wrong",
    ),
    "password.length": (
        "Ny adgangskode: {low} til {high} tegn",
        "New password: {low} to {high} characters",
    ),
    "password.differ": (
        "Ny adgangskode igen: de to nye adgangskoder er forskellige",
        "New password again: the two new passwords differ",
    ),
    "password.same": (
        "Ny adgangskode: den er den samme som den nuværende",
        "New password: it is the same as the current one",
    ),
    "password.unknown": (
        "Du er ikke længere aktiv medarbejder på skolen; log ud",
        "You are no longer an active staff member of the school; sign out",
    ),
    "password.done": (
        "Din adgangskode er skiftet. Den gælder her med det samme og på de andre kontorer, "
        "når ledger har modtaget den.",
        "Your password is changed. It works here at once and at the other offices once the "
        "ledger has it.",
    ),
}


#: The words of the subject-access report (what the school holds about a child): Danish, English.
SUBJECT_ACCESS_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Oplysninger om {name}", "Data held about {name}"),
    "intro": (
        "Her er alt, hvad skolens betalingskortsystem har registreret om barnet og barnets "
        "forældre eller værger pr. {date}: stamdata, kort, beløbsgrænser, aftaler, udbetalinger, "
        "hver bevægelse på kontoen og loggen over, hvem der gjorde hvad. Beløb er i kroner.",
        "This is everything the school's payment-card system has recorded about the child and "
        "the child's parents or guardians as of {date}: details, cards, limits, agreements, "
        "payouts, every movement on the account and the log of who did what. Amounts in kroner.",
    ),
    "child": ("Barnet", "The child"),
    "name": ("Navn", "Name"),
    "reference": ("Elevnummer", "Pupil reference"),
    "class": ("Klasse", "Class"),
    "status": ("Status", "Status"),
    "status.active": ("Går på skolen", "At the school"),
    "status.left": ("Udmeldt", "Left"),
    "created": ("Oprettet", "Created"),
    "left": ("Udmeldt", "Left"),
    "anonymised": ("Anonymiseret", "Anonymised"),
    "balance": ("Saldo", "Balance"),
    "guardians": ("Forældre og værger", "Parents and guardians"),
    "email": ("E-mail", "E-mail"),
    "cards": ("Betalingskort", "Payment cards"),
    "card": ("Kort", "Card"),
    "issued": ("Udstedt", "Issued"),
    "changed": ("Ændret", "Changed"),
    "replaced_by": ("Erstattet af", "Replaced by"),
    "card_events": ("Kortenes historik", "Card history"),
    "event": ("Hændelse", "Event"),
    "reason": ("Årsag", "Reason"),
    "staff": ("Medarbejder", "Staff"),
    "cap": ("Maks. forbrug pr. dag", "Daily spending limit"),
    "no_cap": ("Ingen grænse", "No limit"),
    "spend": ("Forbrug pr. dag", "Spending per day"),
    "day": ("Dag", "Day"),
    "spent": ("Brugt", "Spent"),
    "agreements": ("Automatisk optankning", "Automatic top-up"),
    "amount": ("Beløb", "Amount"),
    "reference_payment": ("Betalingsreference", "Payment reference"),
    "payouts": ("Udbetalinger", "Payouts"),
    "holder": ("Kontohaver", "Account holder"),
    "account": ("Reg.nr. og konto", "Bank account"),
    "message": ("Meddelelse", "Message"),
    "movements": ("Bevægelser på kontoen", "Movements on the account"),
    "date": ("Dato", "Date"),
    "text": ("Tekst", "Description"),
    "not_on_wallet": ("(ikke på kontoen)", "(not on the account)"),
    "reversals": ("Tilbageførsler", "Reversals"),
    "declined": ("Afviste køb", "Declined purchases"),
    "commands": ("Registrerede handlinger", "Recorded actions"),
    "action": ("Handling", "Action"),
    "device": ("Enhed", "Device"),
    "outcome": ("Udfald", "Outcome"),
    "audit": ("Revisionslog", "Audit log"),
    "details": ("Detaljer", "Details"),
    "none": ("Ingen.", "None."),
}
