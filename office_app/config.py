"""The office's settings: from the environment, else a settings file in the data folder.

``OFFICE_APP_LEDGER_URL``, ``OFFICE_APP_DEVICE_TOKEN``, ``OFFICE_APP_DATA_DIR`` and
``OFFICE_APP_PRINTER`` and ``OFFICE_APP_LANGUAGE``; the file ``settings.toml`` in the data
folder may hold ``ledger_url``, ``device_token``, ``ca_bundle`` (a CA file for HTTPS),
``printer`` (a CUPS printer name for ``lp -d``; without one, printouts are only saved),
``language`` (``da`` or ``en``) and ``lock_minutes`` (``OFFICE_APP_LOCK_MINUTES``: the desk
locks after this many minutes without a key pressed and asks for the password again; 5 unless
set, 0 never). The environment wins over the file.

The device token is a secret: it is kept as a ``SecretStr`` (``repr`` and ``str`` show
asterisks), the settings file that holds it is written readable by its owner only, and a file
that others can read is refused. The office's data folder (its replica holds every child's
data and the staff password hashes) is made readable by its owner only.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import SecretStr

SETTINGS_FILE = "settings.toml"
OWNER_ONLY_FOLDER = 0o700
OWNER_ONLY_FILE = 0o600


class SettingsError(Exception):
    """A setting that is missing or wrong, with a message naming it."""


@dataclass(frozen=True)
class Settings:
    ledger_url: str
    device_token: SecretStr
    data_dir: Path
    ca_bundle: Path | None = None
    printer: str | None = None
    language: str = "da"
    lock_minutes: float = 5.0

    @property
    def replica_path(self) -> Path:
        return self.data_dir / "office.db"


def data_dir_from(environ: dict[str, str] | None = None) -> Path:
    """The office's data folder: ``OFFICE_APP_DATA_DIR``, else the platform's user data folder."""
    environ = dict(os.environ if environ is None else environ)
    return Path(environ.get("OFFICE_APP_DATA_DIR") or user_data_dir("office-app")).expanduser()


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed, and make it readable by its owner only.

    A folder someone else owns is left as it is: only its owner may change its mode.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_FOLDER)
    if os.name == "posix" and folder.stat().st_uid == os.getuid():
        folder.chmod(OWNER_ONLY_FOLDER)
    return folder


def _readable_by_others(path: Path) -> bool:
    return os.name == "posix" and bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def _file_values(data_dir: Path) -> dict[str, object]:
    settings_file = data_dir / SETTINGS_FILE
    if not settings_file.exists():
        return {}
    try:
        values = tomllib.loads(settings_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{settings_file}: not a valid settings file ({error})") from None
    if values.get("device_token") and _readable_by_others(settings_file):
        raise SettingsError(
            f"{settings_file}: holds the device token but others can read it; "
            f"make it readable by its owner only (chmod 600 {settings_file})"
        )
    return values


def write_settings(data_dir: Path, **values: str) -> Path:
    """Write ``values`` into the settings file, keeping what else it holds; returns its path.

    The folder and the file are readable by their owner only, and the file is replaced in one
    step, so a reader never sees half of it and the token is never in a file others can read.
    """
    private_folder(data_dir)
    settings_file = data_dir / SETTINGS_FILE
    kept: dict[str, object] = {}
    if settings_file.exists():
        try:
            kept = tomllib.loads(settings_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"{settings_file}: not a valid settings file ({error})") from None
    merged = {key: str(value) for key, value in (kept | values).items()}
    # A JSON string is a valid TOML basic string.
    text = "".join(
        f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in merged.items()
    )
    partial = settings_file.with_name(SETTINGS_FILE + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as written:
        written.write(text)
        written.flush()
        os.fsync(written.fileno())
    os.replace(partial, settings_file)
    return settings_file


def printer_from(environ: dict[str, str] | None = None) -> str | None:
    """The printer to send printouts to, or ``None`` to only save them."""
    environ = dict(os.environ if environ is None else environ)
    return _printer(environ, _file_values(data_dir_from(environ)))


def _printer(environ: dict[str, str], file_values: dict[str, object]) -> str | None:
    name = (environ.get("OFFICE_APP_PRINTER") or str(file_values.get("printer") or "")).strip()
    if not name:
        return None
    if name.startswith("-") or any(char.isspace() or not char.isprintable() for char in name):
        raise SettingsError(f"printer: {name!r} is not a printer name (no spaces, no leading -)")
    return name


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    data_dir = data_dir_from(environ)
    file_values = _file_values(data_dir)
    url = environ.get("OFFICE_APP_LEDGER_URL") or str(file_values.get("ledger_url") or "")
    token = environ.get("OFFICE_APP_DEVICE_TOKEN") or str(file_values.get("device_token") or "")
    if not url:
        raise SettingsError(
            "OFFICE_APP_LEDGER_URL: say where the ledger is, e.g. https://ledger.example"
        )
    if not url.startswith(("http://", "https://")):
        raise SettingsError(f"OFFICE_APP_LEDGER_URL: {url!r} must start with http:// or https://")
    if not token:
        raise SettingsError("OFFICE_APP_DEVICE_TOKEN: give this office's device token")
    ca_value = file_values.get("ca_bundle")
    ca_bundle = Path(str(ca_value)).expanduser() if ca_value else None
    if ca_bundle is not None and not ca_bundle.is_file():
        raise SettingsError(f"ca_bundle: {ca_bundle} is not a file")
    language = environ.get("OFFICE_APP_LANGUAGE") or str(file_values.get("language") or "da")
    if language not in ("da", "en"):
        raise SettingsError(f"language: {language!r} must be da (Danish) or en (English)")
    return Settings(
        url.rstrip("/"),
        SecretStr(token),
        data_dir,
        ca_bundle,
        _printer(environ, file_values),
        language,
        _lock_minutes(environ, file_values),
    )


#: The longest idle time a shared office PC may stay open: one school day.
MAX_LOCK_MINUTES = 600


def _lock_minutes(environ: dict[str, str], file_values: dict[str, object]) -> float:
    text = environ.get("OFFICE_APP_LOCK_MINUTES") or str(file_values.get("lock_minutes") or "5")
    try:
        minutes = float(text)
    except ValueError:
        raise SettingsError(f"lock_minutes: {text!r} is not a number of minutes") from None
    if not 0 <= minutes <= MAX_LOCK_MINUTES:
        raise SettingsError(
            f"lock_minutes: {text} must be between 0 (never lock) and {MAX_LOCK_MINUTES}"
        )
    return minutes
