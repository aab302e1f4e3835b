"""The office's dialogs: a form that checks what is typed, and a question before anything moves.

A ``Dialog`` validates as the user types and dismisses with a typed result; Escape cancels
(result None). Its fields scroll when the terminal is small, while the line that names a
problem and the buttons always stay in view. A ``ConfirmDialog`` says exactly what will
happen and has the safe answer focused: Enter or Escape there does nothing, the confirming
key is written on its button.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from office_app.desk.fields import FieldProblem
from office_app.i18n import tr
from screens.bindings import translate_bindings

if TYPE_CHECKING:
    from office_app.desk.queries import StudentRow

ResultType = TypeVar("ResultType")

#: Rows a dialog needs besides its fields: frame, title, child, summary, problem, buttons.
DIALOG_CHROME_ROWS = 12


class Fields(VerticalScroll, can_focus=False):
    """A dialog's fields, scrolling when the terminal is small; Tab goes from field to field."""


class Dialog(ModalScreen[ResultType | None], Generic[ResultType]):
    """A titled box for one child, with its fields, a problem line and OK / Cancel."""

    BINDINGS = [Binding("escape", "cancel", "dialog.cancel")]
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%;
                        border: thick $primary; padding: 0 2; background: $surface; }
    Dialog .dialog-title { text-style: bold; }
    Dialog .dialog-for { color: $text-muted; }
    Dialog #fields { height: auto; }
    Dialog .problem { color: $error; height: auto; }
    Dialog .summary { color: $success; height: auto; }
    Dialog .buttons { height: auto; margin-top: 1; }
    Dialog Button { margin-right: 2; }
    """

    def __init__(self, title: str, student: StudentRow | None) -> None:
        super().__init__()
        translate_bindings(self)
        self.dialog_title = title
        self.student = student

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.dialog_title, classes="dialog-title")
            if self.student is not None:
                student = self.student
                who = tr("dialog.for", name=student.name, label=student.class_label)
                yield Static(who, classes="dialog-for")
            with Fields(id="fields"):
                yield from self.compose_fields()
            yield Static("", id="summary", classes="summary")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(tr("dialog.ok_key"), id="ok", variant="primary", compact=True)
                yield Button(tr("dialog.cancel_key"), id="cancel", compact=True)

    def on_resize(self, event: events.Resize) -> None:
        """Fields scroll in what the terminal leaves once the problem line and buttons fit."""
        fields = self.query_one("#fields", Fields)
        fields.styles.max_height = max(3, event.size.height - DIALOG_CHROME_ROWS)

    def compose_fields(self) -> ComposeResult:
        yield from ()

    @abstractmethod
    def result(self) -> ResultType:
        """The dialog's result, or FieldProblem naming the field and the rule."""

    def summary(self, result: ResultType) -> str:  # noqa: ARG002 - a dialog may say nothing
        """A line under the fields while they are filled in (e.g. the new balance); none here."""
        return ""

    def on_input_changed(self) -> None:
        self.validate()

    def validate(self) -> ResultType | None:
        problem, summary = "", ""
        value: ResultType | None = None
        try:
            value = self.result()
            summary = self.summary(value)
        except FieldProblem as error:
            problem = str(error)
        self.query_one("#problem", Static).update(problem)
        self.query_one("#summary", Static).update(summary)
        return value

    def submit(self) -> None:
        try:
            value = self.result()
        except FieldProblem as error:
            self.query_one("#problem", Static).update(tr("dialog.fix_first", message=error))
            return
        self.dismiss(value)

    #: Enter in any field submits (when the other fields come filled in).
    ENTER_SUBMITS = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field, and submits from the last one."""
        enabled = [field for field in self.query(Input).results() if not field.disabled]
        if not self.ENTER_SUBMITS and event.input is not enabled[-1]:
            enabled[enabled.index(event.input) + 1].focus()
            return
        self.submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A question before money moves or a card changes: what will happen, in words.

    "No" has the focus, so a stray Enter or Escape changes nothing; the key that confirms
    (J in Danish, Y in English) is written on the button that says what it does.
    """

    BINDINGS = [
        Binding("escape,n", "answer(False)", "dialog.no"),
        Binding("y,j", "answer(True)", "dialog.yes"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%;
                               border: thick $warning; padding: 0 2; background: $surface; }
    ConfirmDialog .dialog-title { text-style: bold; }
    ConfirmDialog #question { height: auto; max-height: 100%; }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """

    def __init__(self, title: str, question: str, yes: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.question = question
        self.yes_text = yes or tr("dialog.yes")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            with Fields(id="question"):
                yield Static(self.question)
            with Horizontal():
                yield Button(
                    tr("dialog.yes_key", what=self.yes_text),
                    id="yes",
                    variant="warning",
                    compact=True,
                )
                yield Button(tr("dialog.no_key"), id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#question", Fields).styles.max_height = max(3, event.size.height - 8)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
