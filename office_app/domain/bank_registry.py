"""The bank's name for a Danish registration number, as a hint beside a typed account.

The names come from the bank registry that the ``schwifty`` package keeps (from the banks'
and Finanstilsynet's published lists). Such registries lag behind mergers and hold errors
(it names a bank for reg. no. 0000, which no bank has), so a name is only ever shown as a
hint: nothing is refused because the registry does not know a number.
"""

from __future__ import annotations

from functools import cache


@cache
def bank_name(reg_no: str) -> str | None:
    """The registry's name for the bank with this 4-digit reg. no., or None when unknown."""
    from schwifty import registry
    from schwifty.exceptions import SchwiftyException

    if len(reg_no) != 4 or not reg_no.isdigit():
        return None
    try:
        banks = registry.get_banks_by_code("DK", reg_no)
    except (SchwiftyException, KeyError, OSError, ValueError):
        return None
    names = sorted({bank.name.strip() for bank in banks if bank.name.strip()})
    return " / ".join(names) or None
