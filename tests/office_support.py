"""A school on the real ledger server and an office app against it, for the TUI tests."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import SecretStr
from sqlalchemy import select
from textual import events
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from models import OutboxCommand
from office_app.app import OfficeApp, make_app
from office_app.config import Settings
from office_app.desk.requests import Performed
from office_app.desk.session import SignedIn
from office_app.domain.ids import uuid7
from office_app.ledger.embedded import embedded_server
from screens.messages import ActionPerformed
from tests.world import World

PASSWORD = "test-password"
HANNE = SignedIn("hanne", "Hanne Sørensen", "secretary")


@dataclass
class School:
    """The test school's children by first name, with the card each carries."""

    world: World
    children: dict[str, uuid.UUID] = field(default_factory=dict)

    def add(
        self, name: str, class_label: str, card: str, balance_ore: int, guardian: str = ""
    ) -> uuid.UUID:
        student_id = uuid7()
        email = guardian or f"foraelder{len(self.children) + 1}@example.dk"
        result = self.world.office_send(
            "student.upsert",
            {
                "student_id": student_id,
                "external_ref": f"E{len(self.children) + 1}",
                "name": name,
                "class_label": class_label,
                "guardians": [{"name": f"Forælder til {name}", "email": email}],
            },
        )
        assert result.status == "applied", result
        self.world.add_card(student_id, card)
        if balance_ore:
            self.world.deposit(student_id, balance_ore)
        self.children[name.split(maxsplit=1)[0]] = student_id
        return student_id


def build_school(world: World) -> School:
    """Four children, two of them siblings, with money, a cap, a blocked card and a decline."""
    school = School(world)
    school.add("Åse Østergaard", "5.B", "4400001", 25000, guardian="mor@oestergaard.dk")
    school.add("Mikkel Østergaard", "2.A", "4400002", 4000, guardian="mor@oestergaard.dk")
    school.add("Søren Kierkegaard", "7.A", "4400003", 12050)
    school.add("Zoë Ærø-Lund", "5.B", "4400004", 0)
    world.office_send("cap.set", {"student_id": school.children["Søren"], "daily_cap_ore": 6000})
    world.office_send("card.block", {"card_number": "4400003", "reason": "lost"})
    declined = world.buy("4400003", 3500)
    assert declined.code == "card_blocked"
    return school


@dataclass
class Office:
    school: School
    url: str
    settings: Settings

    @property
    def world(self) -> World:
        return self.school.world

    def app(
        self, *, staff: SignedIn | None = HANNE, sync_interval: float = 0.2, **settings: str
    ) -> OfficeApp:
        chosen = dataclasses.replace(
            self.settings,
            language=settings.get("language", "da"),
            printer=settings.get("printer"),
        )
        return make_app(chosen, sync_interval=sync_interval, staff=staff, clock=self.world.clock)


def serve_office(world: World, tmp_path: Path) -> Iterator[Office]:
    school = build_school(world)
    with embedded_server(world.engine, clock=world.clock) as url:
        yield Office(
            school, url, Settings(url, SecretStr(world.tokens["office"]), tmp_path / "office")
        )


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 15
) -> None:
    """Let the app run until ``condition`` holds; fail after ``seconds``."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the office did not get there in time")


async def open_dialog(pilot: Pilot[None], key: str, dialog: type[Screen[Any]]) -> None:
    """Press ``key`` and wait until ``dialog`` is up with its first field focused."""
    app = pilot.app
    await pilot.press(key)
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, dialog)
            and app.focused is not None
            and app.focused.screen is app.screen
        ),
    )


def text_of(app: OfficeApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def ready(pilot: Pilot[None]) -> OfficeApp:
    """The app once its replica is loaded and its first sync is done."""
    app = pilot.app
    assert isinstance(app, OfficeApp)
    await wait_until(pilot, lambda: app.index is not None and app.sync_view.online is True)
    await wait_until(pilot, lambda: app.desk is not None or app.staff is None)
    return app


class Messages(list[Message]):
    """Every message the app handled, as ``run_test(message_hook=...)`` hands them over."""

    def performed(self) -> list[Performed]:
        return [m.outcome for m in self if isinstance(m, ActionPerformed)]


async def performed(pilot: Pilot[None], messages: Messages, count: int = 1) -> Performed:
    """Wait until the desk has finished ``count`` requests in all; that one's outcome."""
    await wait_until(pilot, lambda: len(messages.performed()) >= count)
    await pilot.pause()
    return messages.performed()[count - 1]


class OutboxRow(NamedTuple):
    type: str
    staff: str | None
    payload: dict[str, object]
    state: str


def outbox(app: OfficeApp) -> list[OutboxRow]:
    """The office's outbox, oldest first."""
    assert app.backend is not None
    with app.backend.engine.connect() as connection:
        return [
            OutboxRow(row.type, row.staff, row.payload, row.state)
            for row in connection.execute(
                select(
                    OutboxCommand.type,
                    OutboxCommand.staff,
                    OutboxCommand.payload,
                    OutboxCommand.state,
                ).order_by(OutboxCommand.device_seq)
            )
        ]


async def type_like_a_person(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` a key at a time with a person's pauses, never taken for a card reader."""
    for character in text:
        await pilot.press(character)
        await pilot.pause(0.07)


async def scan(pilot: Pilot[None], number: str) -> None:
    """A USB card reader: the card's digits and Enter, all in one burst."""
    app = pilot.app
    for character in number:
        app.post_message(events.Key(character, character))
    app.post_message(events.Key("enter", "\r"))
    await pilot.pause(0.1)
