"""Telling a card reader from a person: a USB reader types a card's digits faster than any
hand, then Enter.

The desk watches every key; when Enter follows at least ``MIN_DIGITS`` digits that all came
within ``GAP_SECONDS`` of each other, the keys were a scan, wherever they landed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from office_app.domain.cards import MIN_DIGITS

#: Longest pause between two keys of a scan (readers type a key every 2-20 ms; people, 100+).
GAP_SECONDS = 0.05


@dataclass
class ScanDetector:
    """Feed it every key press; it says when one completed a card scan."""

    gap_seconds: float = GAP_SECONDS
    digits: list[str] = field(default_factory=list)
    last_at: float | None = None

    def feed(self, key: str, character: str | None, at: float) -> str | None:
        """The card number when this key (Enter) completes a scan, else None."""
        quick = self.last_at is not None and at - self.last_at <= self.gap_seconds
        if key == "enter":
            scanned = "".join(self.digits) if quick and len(self.digits) >= MIN_DIGITS else None
            self.reset()
            return scanned
        if character is not None and character.isascii() and character.isdigit():
            if not quick:
                self.digits = []
            self.digits.append(character)
            self.last_at = at
            return None
        self.reset()
        return None

    @property
    def burst(self) -> int:
        """How many digits of a possible scan have arrived so far."""
        return len(self.digits)

    def reset(self) -> None:
        self.digits = []
        self.last_at = None
