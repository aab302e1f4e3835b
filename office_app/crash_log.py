"""The office's crash log: what support needs after an error nobody foresaw, no secrets.

Light to import (the app loads it only when it crashes). The log is readable by its owner
only, and the device token, bearer headers, passwords and password hashes are hidden.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from office_app.config import OWNER_ONLY_FILE, Settings, private_folder
from office_app.domain.redact import hide_secrets


def write_crash_log(settings: Settings, details: str, now: dt.datetime) -> Path | None:
    """Append ``details`` (a traceback) to ``crash.log`` in the data folder; its path, or None
    when it could not be written."""
    return log_error(settings.data_dir, details, now, [settings.device_token.get_secret_value()])


def log_error(
    folder: Path, details: str, now: dt.datetime, secrets: list[str] | None = None
) -> Path | None:
    """Append ``details`` to ``crash.log`` in ``folder``, secrets hidden; its path, or None
    when it could not be written. The screen says only that something went wrong and where
    support finds the details."""
    crash_log = folder / "crash.log"
    hidden = hide_secrets(details, secrets or [])
    try:
        private_folder(crash_log.parent)
        descriptor = os.open(crash_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_ONLY_FILE)
        with os.fdopen(descriptor, "a", encoding="utf-8") as log:
            log.write(f"{now.isoformat()}\n{hidden}\n")
    except OSError:
        return None
    return crash_log
