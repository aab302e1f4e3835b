"""The texts of the roster import: reading class lists, the dry run and applying it, in
Danish and English."""

ROSTER_TEXTS: dict[str, tuple[str, str]] = {
    "roster.column.external_ref": ("elev-id", "external id"),
    "roster.column.first_name": ("fornavn", "first name"),
    "roster.column.last_name": ("efternavn", "last name"),
    "roster.column.name": ("navn", "name"),
    "roster.column.class_label": ("klasse", "class"),
    "roster.column.guardian_name": ("forælders navn", "guardian name"),
    "roster.column.email": ("forælders e-mail", "guardian e-mail"),
    "roster.encoding": (
        "filen er hverken UTF-8, UTF-16 eller Windows-1252",
        "the file is neither UTF-8, UTF-16 nor Windows-1252",
    ),
    "roster.no_separator": (
        "kan ikke finde skilletegnet (; , tabulator eller ¤) mellem felterne; fandt {seen!r}",
        "cannot find the separator (; , tab or ¤) between fields; found {seen!r}",
    ),
    "roster.no_heading": (
        "linje {line}: ingen overskrifter som Elevnr, Fornavn, Efternavn, Klasse; fandt {seen}",
        "line {line}: no headings such as Elevnr, Fornavn, Efternavn, Klasse; found {seen}",
    ),
    "roster.cpr_as_id": (
        "elev-id ligner et CPR-nummer; brug elevnummeret (CPR gemmes aldrig)",
        "the external id looks like a CPR number; use the pupil number (CPR is never stored)",
    ),
    "roster.too_many_guardians": (
        "højst {limit} forældre pr. elev",
        "at most {limit} guardians per child",
    ),
    "roster.class_empty": ("klasse: er tom", "class: is empty"),
    "roster.class_too_long": (
        "klasse: {value!r} er længere end 16 tegn",
        "class: {value!r} is longer than 16 characters",
    ),
    "roster.class_control": ("klasse: indeholder styretegn", "class: contains control characters"),
    "roster.ignored_columns": (
        "Disse kolonner læses ikke og gemmes aldrig: {columns}",
        "These columns are not read and never stored: {columns}",
    ),
    "roster.layout.tabulex": (
        "Tabulex-elevfil (felter efter placering, første linje skoleåret)",
        "Tabulex pupil file (fields by position, the first line the school year)",
    ),
    "roster.keeps_guardians": (
        "Filen har ingen forældre; elevernes forældre forbliver, som de er",
        "The file has no guardians; the children's guardians stay as they are",
    ),
    "roster.skip_confirm": (
        "{count} rækker med fejl udelades; de øvrige anvendes",
        "{count} rows with problems are left out; the others are applied",
    ),
    "roster.skip_mismatch": (
        "--skip-bad-rows: filen har {count} rækker med fejl; skriv det antal for at udelade dem",
        "--skip-bad-rows: the file has {count} rows with problems; give that number to leave "
        "them out",
    ),
    "roster.skip_title": ("Anvend uden rækkerne med fejl", "Apply without the rows with problems"),
    "roster.skip_question": (
        "{count} rækker med fejl udelades, og de elever ændres ikke. Skriv {count} for at "
        "anvende resten.",
        "{count} rows with problems are left out, and those children are not changed. Type "
        "{count} to apply the rest.",
    ),
    "roster.skip_count": ("Antal rækker, der udelades", "Rows left out"),
    "roster.skip_wrong": (
        "Antal rækker, der udelades: skriv {count}",
        "Rows left out: type {count}",
    ),
    "roster.leavers_unsure": (
        "Ingen udmeldes: en række med fejl har intet elev-id, så ingen kan vide, hvem der mangler",
        "Nobody is marked as leaving: a row with problems has no external id, so who is missing "
        "cannot be told",
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
        "linje {line}: kolonner mangler: {columns}; fandt {seen}",
        "line {line}: columns missing: {columns}; found {seen}",
    ),
    "roster.too_few": (
        "{found} felter, overskriften har {expected}",
        "{found} fields, the heading has {expected}",
    ),
    "roster.too_many": (
        "{found} felter, overskriften har {expected}",
        "{found} fields, the heading has {expected}",
    ),
    "roster.control": ("et felt indeholder styretegn", "a field contains control characters"),
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
        "elev-id {ref!r} står også på linje {line} med et andet navn eller en anden klasse",
        "external id {ref!r} is also on line {line} with another name or class",
    ),
    "roster.refused": (
        "Intet er importeret: ret de {count} fejl i filen og prøv igen, eller bekræft, at de "
        "{count} rækker udelades",
        "Nothing imported: correct the {count} problems in the file and try again, or confirm "
        "that the {count} rows are left out",
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
    "roster.skip_confirm.one": (
        "1 række med fejl udelades; de øvrige anvendes",
        "1 row with a problem is left out; the others are applied",
    ),
    "roster.skip_mismatch.one": (
        "--skip-bad-rows: filen har 1 række med fejl; skriv 1 for at udelade den",
        "--skip-bad-rows: the file has 1 row with a problem; give 1 to leave it out",
    ),
    "roster.skip_question.one": (
        "1 række med fejl udelades, og den elev ændres ikke. Skriv 1 for at anvende resten.",
        "1 row with a problem is left out, and that child is not changed. Type 1 to apply the "
        "rest.",
    ),
}
