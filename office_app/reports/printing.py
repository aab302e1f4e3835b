"""Saving a printout where the user can find it, and sending it to the printer with ``lp``.

Every PDF is saved in the ``statements`` folder of the office's data folder, whether or not
a printer is configured, so a failed print never loses the document. ``lp`` is given the
document's title (the job's name in the print queue) and its paper size (an A5 receipt on A5
paper); after it takes the job, ``lpstat`` says whether the printer is printing or stopped
(paused, out of paper), and a stopped printer is reported as such, with the job's id.
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

from office_app.i18n.printed import PRINT_MESSAGES

STATEMENTS_FOLDER = "statements"
LP_TIMEOUT_S = 30
_UNSAFE = re.compile(r"[^\w.-]+")
_JOB_ID = re.compile(r"request id is (\S+)")
#: Paper sizes as CUPS names them (``-o media=``).
PAPER_SIZES = ("A4", "A5")


class SaveError(Exception):
    """The PDF could not be saved; the message names the folder and the reason."""


@dataclass(frozen=True)
class PrintOutcome:
    """What became of a printout: saved at ``path``; ``printed`` when the printer took the job
    (``job_id``); ``stopped`` when it sits in the queue of a stopped or paused printer."""

    path: Path
    printed: bool
    message: str
    job_id: str = ""
    stopped: bool = False


def file_part(text: str) -> str:
    """``text`` as part of a file name: letters (æøå too), digits, dots and dashes."""
    return _UNSAFE.sub("-", text.strip()).strip("-.")[:60] or "x"


def statement_file_name(subject: str, first: dt.date, last: dt.date, language: str = "da") -> str:
    """kontoudtog_5.B_Freja-Nielsen_2026-11-01_2026-11-30.pdf"""
    prefix = "kontoudtog" if language == "da" else "statement"
    return f"{prefix}_{file_part(subject)}_{first.isoformat()}_{last.isoformat()}.pdf"


def receipt_file_name(receipt_no: str, language: str = "da", *, copy: bool = False) -> str:
    """kvittering_K-000017.pdf, and kvittering_K-000017_kopi.pdf for a reprint."""
    prefix = "kvittering" if language == "da" else "receipt"
    marked = ("_kopi" if language == "da" else "_copy") if copy else ""
    return f"{prefix}_{file_part(receipt_no)}{marked}.pdf"


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
        message = PRINT_MESSAGES[language]["unwritable"]
        raise SaveError(message.format(folder=folder, reason=error.strerror or error)) from None
    return path


def save_and_print(
    pdf: bytes,
    file_name: str,
    *,
    data_dir: Path,
    printer: str | None,
    language: str = "da",
    title: str = "",
    paper: str = "A4",
) -> PrintOutcome:
    """Save the PDF, then send it to ``printer`` with ``lp`` when one is configured.

    ``title`` names the job in the print queue (the file name when empty); ``paper`` is the
    document's page size, so CUPS prints an A5 receipt on A5 paper.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper: {paper!r} must be one of {', '.join(PAPER_SIZES)}")
    messages = PRINT_MESSAGES[language]
    path = save_pdf(pdf, file_name, data_dir, language)
    if printer is None:
        return PrintOutcome(path, False, messages["saved"].format(path=path))
    values = {"printer": printer, "path": path, "seconds": LP_TIMEOUT_S}
    lp = shutil.which("lp")
    if lp is None:
        return PrintOutcome(path, False, messages["no_lp"].format(**values))
    command = [lp, "-d", printer, "-t", title or file_name, "-o", f"media={paper}"]
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, the printer name is checked
            [*command, str(path.resolve())],
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
    found = _JOB_ID.search(done.stdout)
    job_id = found.group(1) if found else ""
    stopped_because = printer_stopped(printer)
    if stopped_because is not None:
        reason = stopped_because or messages["no_reason"]
        message = messages["stopped"].format(job=job_id or "?", reason=reason, **values)
        return PrintOutcome(path, True, message, job_id, stopped=True)
    return PrintOutcome(path, True, messages["printed"].format(job=job_id, **values), job_id)


def printer_stopped(printer: str) -> str | None:
    """Why the printer is stopped or paused ("" when CUPS gives no reason), or None when it
    is ready or printing, or cannot be asked (no ``lpstat``)."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, the printer name is checked
            [lpstat, "-p", printer],
            capture_output=True,
            text=True,
            timeout=LP_TIMEOUT_S,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or not lines or " disabled" not in lines[0]:
        return None
    reasons = [line.strip() for line in lines[1:] if line.startswith((" ", "\t")) and line.strip()]
    return "; ".join(reasons)
