"""Key bindings in the office's language, Textual's own included."""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode

from office_app.i18n import TEXTS, tr

#: The start of the id of every binding the office declares (the rest is its text key).
OFFICE_BINDING = "office."

#: Textual's own binding descriptions, worded by the office.
BUILT_IN = {
    "Copy selected text": "app.copy",
    "Quit": "app.quit",
    "palette": "app.palette",
}


def translate_bindings(node: DOMNode) -> None:
    """Replace each binding description that is a text key by its text in the current language.

    Bindings are declared once per class with text keys as descriptions, so the footer and the
    command palette speak the language chosen at start.
    """
    bindings = node._bindings
    for key, found in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [
            dataclasses.replace(
                binding,
                id=f"{OFFICE_BINDING}{binding.description}",
                description=tr(binding.description),
                tooltip=tr(f"{binding.description}_help")
                if f"{binding.description}_help" in TEXTS
                else binding.tooltip,
            )
            if binding.description in TEXTS
            else dataclasses.replace(binding, description=tr(BUILT_IN[binding.description]))
            if binding.description in BUILT_IN
            else binding
            for binding in found
        ]
