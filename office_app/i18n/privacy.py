"""Texts of a staff member's own account (changing the password) and of the subject-access
report (what the school holds about a child), in Danish and English."""

PRIVACY_TEXTS: dict[str, tuple[str, str]] = {
    # Changing one's own password
    "action.password": ("Skift adgangskode", "Change password"),
    "action.password_help": (
        "Skift din egen adgangskode; den nye gælder på alle kontorer efter synkronisering",
        "Change your own password; the new one works at every office after sync",
    ),
    "password.title": ("Skift din adgangskode", "Change your password"),
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
