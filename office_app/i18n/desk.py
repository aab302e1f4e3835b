"""The desk's texts: the app's frame, sync, sign-in, search, the child's account and the
secretary's dialogs, in Danish and English."""

DESK_TEXTS: dict[str, tuple[str, str]] = {
    # The app and its frame
    "app.title": ("Skolekort · Kontoret", "School card · Office"),
    "app.signed_in": ("Logget ind: {name}", "Signed in: {name}"),
    "app.quit": ("Afslut", "Quit"),
    "app.back": ("Tilbage", "Back"),
    "app.palette": ("Kommandoer", "Commands"),
    "app.keys": ("Taster", "Keys"),
    "app.keys_help": ("Vis tasterne på denne skærm", "Show the keys on this screen"),
    "app.quit_help": ("Luk programmet", "Close the program"),
    "app.copy": ("Kopiér markeret tekst", "Copy selected text"),
    "app.help": ("Hjælp", "Help"),
    "app.help_help": ("Vis alle taster på denne skærm", "Show every key on this screen"),
    "app.crashed": (
        "Kontorprogrammet stoppede ved en uventet fejl. Intet sendt eller gemt er mistet; start"
        " det igen. Detaljer til support: {path}",
        "The office program stopped after an unexpected error. Nothing sent or saved is lost;"
        " start it again. Details for support: {path}",
    ),
    "app.trouble": (
        "Noget gik galt i baggrunden. Intet er mistet. Detaljer til support: {path}",
        "Something went wrong in the background. Nothing is lost. Details for support: {path}",
    ),
    "app.error": (
        "Noget gik galt, og det blev ikke gjort. Intet er mistet; prøv igen. Detaljer til"
        " support: {path}",
        "Something went wrong, and it was not done. Nothing is lost; try again. Details for"
        " support: {path}",
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
        "Afvist af hovedbogen – kræver handling",
        "Refused by the ledger – needs attention",
    ),
    "sync.none_waiting": ("Intet venter.", "Nothing is waiting."),
    "sync.none_rejected": ("Intet kræver handling.", "Nothing needs attention."),
    "sync.col_time": ("Tid", "Time"),
    "sync.col_action": ("Handling", "Action"),
    "sync.col_staff": ("Medarbejder", "Staff"),
    "sync.col_message": (
        "Besked fra hovedbogen",
        "The ledger's message",
    ),
    "sync.offline_reason": ("Offline: {reason}", "Offline: {reason}"),
    "sync.stopped": ("Synkronisering stoppet: {reason}", "Sync stopped: {reason}"),
    "sync.ledger_behind": (
        "Ledgeren er bagud for dette kontor (gendannet fra en sikkerhedskopi?): skolens data"
        " hentes igen, og det, den har mistet, sendes igen",
        "The ledger is behind this office (restored from a backup?): the school's data is"
        " fetched again, and what it lost is sent again",
    ),
    "sync.ledger_restored": (
        "Ledgeren var gendannet fra en sikkerhedskopi ({when}): {count} handlinger, den havde"
        " mistet, sendes igen herfra",
        "The ledger had been restored from a backup ({when}): {count} actions it had lost"
        " are sent again from here",
    ),
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
        "Ingen medarbejdere kendt endnu – kontoret skal have forbindelse til hovedbogen første "
        "gang.",
        "No staff known yet – the office must reach the ledger the first time.",
    ),
    "login.demo": ("Demo-login: {logins}", "Demo login: {logins}"),
    # Search
    "search.title": ("Søg", "Search"),
    "search.placeholder": (
        "Navn, forælder, e-mail, elevnr., klasse (5.B), »oscar 5b« eller kortnummer – eller "
        "scan et kort",
        "Name, guardian, e-mail, pupil no., class (5.B), “oscar 5b” or card number – or scan "
        "a card",
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
    "app.log_out": (
        "Log ud / skift bruger",
        "Log out / switch user",
    ),
    "app.log_out_help": (
        "Log ud, så en anden kan logge ind",
        "Log out so that someone else can sign in",
    ),
    "app.quit_waiting": (
        "{count} handlinger venter stadig på at blive sendt til hovedbogen. De gemmes og sendes, "
        "næste gang kontoret starter med forbindelse – men indtil da kender kantinen og "
        "forældreportalen dem ikke.",
        "{count} actions are still waiting to be sent to the ledger. They are kept and sent the "
        "next time the office starts with a connection – but until then the canteen and the "
        "parent portal do not know about them.",
    ),
    "app.quit_yes": (
        "afslut alligevel",
        "quit anyway",
    ),
    "login.locked_title": (
        "Kontoret er låst",
        "The office is locked",
    ),
    "login.locked": (
        "Låst efter {minutes} minutter uden brug. {name}: skriv din adgangskode for at fortsætte "
        "– eller log ind som en anden.",
        "Locked after {minutes} minutes without use. {name}: type your password to go on – or "
        "sign in as someone else.",
    ),
    "help.title": (
        "Taster på denne skærm",
        "Keys on this screen",
    ),
    "help.hint": (
        "Bogstaver og tal, du skriver, går til søgningen. Et scannet kort åbner barnet. Esc "
        "lukker.",
        "Letters and digits you type go to the search. A scanned card opens the child. Esc closes.",
    ),
    "app.palette_search": (
        "Søg efter en kommando …",
        "Search for a command …",
    ),
    "app.palette_none": (
        "Ingen kommandoer passer",
        "No commands match",
    ),
    "app.quit_how": (
        "Tryk Ctrl+Q for at afslutte kontorprogrammet.",
        "Press Ctrl+Q to quit the office program.",
    ),
    "sync.reason.unreachable": (
        "Offline: kontoret kan ikke nå hovedbogen. Alt virker videre her, og det, der gøres, "
        "sendes, når forbindelsen er tilbage.",
        "Offline: the office cannot reach the ledger. Everything goes on working here, and what "
        "is done is sent when the connection is back.",
    ),
    "sync.reason.ledger_trouble": (
        "Hovedbogen svarer ikke rigtigt lige nu. Kontoret prøver igen af sig selv; intet er "
        "mistet.",
        "The ledger is not answering properly just now. The office tries again by itself; nothing "
        "is lost.",
    ),
    "sync.reason.refused_token": (
        "Hovedbogen kender ikke dette kontor (enhedens nøgle er afvist). Synkroniseringen er "
        "stoppet – ring til IT.",
        "The ledger does not recognise this office (its device key was refused). Sync has stopped "
        "– call IT.",
    ),
    "sync.reason.ledger_refused": (
        "Hovedbogen afviste kontorets forespørgsel. Synkroniseringen er stoppet – ring til IT.",
        "The ledger refused the office's request. Sync has stopped – call IT.",
    ),
    "sync.reason.replica": (
        "En ændring fra hovedbogen kan ikke gemmes her. Kontoret prøver igen; ring til IT, hvis "
        "det bliver ved.",
        "A change from the ledger cannot be kept here. The office tries again; call IT if it goes "
        "on.",
    ),
    "sync.reason.local_database": (
        "Kontorets lokale data er optaget eller fejler. Kontoret prøver igen; ring til IT, hvis "
        "det bliver ved.",
        "The office's local data is busy or failing. The office tries again; call IT if it goes "
        "on.",
    ),
    "sync.reason.damaged_replica": (
        "Kontorets lokale data kan ikke åbnes. Behold filen til IT: {path}",
        "The office's local data cannot be opened. Keep the file for IT: {path}",
    ),
    "sync.reason.settings": (
        "Kontorets indstillinger er ikke i orden (certifikatet til hovedbogen). Ring til IT.",
        "The office's settings are not right (the ledger's certificate). Call IT.",
    ),
    "sync.reason.other": (
        "Synkroniseringen går ikke lige nu. Kontoret prøver igen; ring til IT, hvis det bliver "
        "ved.",
        "Sync is not working just now. The office tries again; call IT if it goes on.",
    ),
    "search.count.one": (
        "{shown} af {total} elev",
        "{shown} of {total} student",
    ),
    "sync.attention.one": (
        "{count} kræver handling",
        "{count} needs attention",
    ),
    "app.quit_waiting.one": (
        "1 handling venter stadig på at blive sendt til hovedbogen. Den gemmes og sendes, næste "
        "gang kontoret starter med forbindelse – men indtil da kender kantinen og "
        "forældreportalen den ikke.",
        "1 action is still waiting to be sent to the ledger. It is kept and sent the next time "
        "the office starts with a connection – but until then the canteen and the parent portal "
        "do not know about it.",
    ),
}
