"""How the desk words the people around a child and the top-up agreement, in the current
language: one place for the account screen, the household screen and the search list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from office_app.desk.wording import day_text
from office_app.domain.localtime import LOCAL
from office_app.i18n import money, tr

if TYPE_CHECKING:
    from office_app.desk.people import AgreementView, GuardianView, HouseholdChild


def agreement_lines(agreement: AgreementView | None) -> list[str]:
    """The agreement's state, amount, when it was made (or cancelled) and its last top-up."""
    if agreement is None:
        return [tr("account.agreement_none")]
    state = tr(f"agreement.state.{agreement.status}")
    lines = [tr("agreement.amount", state=state, amount=money(agreement.amount_ore))]
    if agreement.status in ("waiting", "active"):
        lines.append(tr(f"agreement.rule.{agreement.status}"))
    created = day_text(agreement.created_at.astimezone(LOCAL).date())
    lines.append(tr("agreement.created", day=created))
    if agreement.cancelled_at is not None:
        cancelled = day_text(agreement.cancelled_at.astimezone(LOCAL).date())
        lines.append(tr("agreement.cancelled_on", day=cancelled))
    if agreement.last_topup_at is None:
        lines.append(tr("agreement.never"))
    else:
        lines.append(
            tr(
                "agreement.last",
                day=day_text(agreement.last_topup_at.astimezone(LOCAL).date()),
                amount=money(agreement.last_topup_ore or 0),
            )
        )
    return lines


def guardian_lines(guardians: tuple[GuardianView, ...]) -> list[str]:
    """Each guardian's name, and under it the e-mail address or why there is none."""
    if not guardians:
        return [tr("account.no_guardians")]
    lines = []
    for guardian in guardians:
        lines.append(guardian.name)
        lines.append(f"  {guardian.email}" if guardian.email else f"  {tr('account.no_email')}")
    return lines


def sibling_line(child: HouseholdChild) -> str:
    """A sibling with class and balance, and marked when the child has left."""
    line = tr(
        "account.sibling_line",
        name=child.name,
        label=child.class_label,
        balance=money(child.balance_ore),
    )
    return f"{line} · {tr('search.left_mark')}" if child.status == "left" else line


def left_marked(name: str, status: str) -> str:
    """A child's name as a list shows it: marked when the child has left."""
    return f"{name} ({tr('search.left_mark')})" if status == "left" else name
