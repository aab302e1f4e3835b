"""Saving a printout where the user can find it, and sending it to the printer with ``lp``.

Every PDF is saved in the ``statements`` folder of the office's data folder, whether or not
a printer is configured, so a failed print never loses the document.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

STATEMENTS_FOLDER = "statements"
LP_TIMEOUT_S = 30
_UNSAFE = re.compile(r"[^\w.-]+")

_MESSAGES = {
    "da": {
        "saved": "Gemt i {path}",
        "printed": "Sendt til printeren {printer} og gemt i {path}",
        "no_lp": "Kan ikke udskrive: kommandoen lp findes ikke (installér CUPS)."
        " PDF'en er gemt i {path}",
        "refused": "Printeren {printer} udskrev ikke ({reason}). PDF'en er gemt i {path}",
        "timeout": "Printeren {printer} svarede ikke inden for {seconds} s."
        " PDF'en er gemt i {path}",
        "unwritable": "Kan ikke gemme i {folder}: {reason}",
    },
    "en": {
        "saved": "Saved in {path}",
        "printed": "Sent to the printer {printer} and saved in {path}",
        "no_lp": "Cannot print: the lp command is missing (install CUPS)."
        " The PDF is saved in {path}",
        "refused": "The printer {printer} did not print ({reason}). The PDF is saved in {path}",
        "timeout": "The printer {printer} did not answer within {seconds} s."
        " The PDF is saved in {path}",
        "unwritable": "Cannot save in {folder}: {reason}",
    },
}


class SaveError(Exception):
    """The PDF could not be saved; the message names the folder and the reason."""


@dataclass(frozen=True)
class PrintOutcome:
    path: Path
    printed: bool
    message: str


def file_part(text: str) -> str:
    """``text`` as part of a file name: letters (æøå too), digits, dots and dashes."""
    return _UNSAFE.sub("-", text.strip()).strip("-.")[:60] or "x"


def statement_file_name(subject: str, first: dt.date, last: dt.date, language: str = "da") -> str:
    """kontoudtog_5.B_Freja-Nielsen_2026-11-01_2026-11-30.pdf"""
    prefix = "kontoudtog" if language == "da" else "statement"
    return f"{prefix}_{file_part(subject)}_{first.isoformat()}_{last.isoformat()}.pdf"


def receipt_file_name(receipt_no: str, language: str = "da") -> str:
    prefix = "kvittering" if language == "da" else "receipt"
    return f"{prefix}_{file_part(receipt_no)}.pdf"


def day_end_file_name(day: dt.date, language: str = "da") -> str:
    prefix = "kasseopgoerelse" if language == "da" else "cash-drawer"
    return f"{prefix}_{day.isoformat()}.pdf"


def save_pdf(pdf: bytes, file_name: str, data_dir: Path, language: str = "da") -> Path:
    """Save under ``data_dir/statements``; an earlier, different file of that name is kept
    and the new one gets ``-2``, ``-3``... (a reprint with the same bytes reuses the file)."""
    folder = data_dir / STATEMENTS_FOLDER
    stem, suffix = os.path.splitext(file_name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        number = 1
        while True:
            path = folder / (file_name if number == 1 else f"{stem}-{number}{suffix}")
            if not path.exists():
                break
            if path.read_bytes() == pdf:
                return path
            number += 1
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as part:
            part.write(pdf)
        os.replace(part.name, path)
    except OSError as error:
        message = _MESSAGES[language]["unwritable"]
        raise SaveError(message.format(folder=folder, reason=error.strerror or error)) from None
    return path


def save_and_print(
    pdf: bytes,
    file_name: str,
    *,
    data_dir: Path,
    printer: str | None,
    language: str = "da",
) -> PrintOutcome:
    """Save the PDF, then send it to ``printer`` with ``lp`` when one is configured."""
    messages = _MESSAGES[language]
    path = save_pdf(pdf, file_name, data_dir, language)
    if printer is None:
        return PrintOutcome(path, False, messages["saved"].format(path=path))
    values = {"printer": printer, "path": path, "seconds": LP_TIMEOUT_S}
    lp = shutil.which("lp")
    if lp is None:
        return PrintOutcome(path, False, messages["no_lp"].format(**values))
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, the printer name is checked
            [lp, "-d", printer, str(path.resolve())],
            capture_output=True,
            text=True,
            timeout=LP_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return PrintOutcome(path, False, messages["timeout"].format(**values))
    except OSError as error:
        reason = error.strerror or str(error)
        return PrintOutcome(path, False, messages["refused"].format(reason=reason, **values))
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()
        reason = output[0] if output else f"lp exit status {done.returncode}"
        return PrintOutcome(path, False, messages["refused"].format(reason=reason, **values))
    return PrintOutcome(path, True, messages["printed"].format(**values))
