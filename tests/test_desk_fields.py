"""Every form validator of the desk, over any text a secretary could type or paste.

Each one either returns a value inside its rule or raises ``FieldProblem`` with a message
that names the field in the office's language; nothing else ever escapes to the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.desk.fields import (
    FieldProblem,
    check_amount,
    check_cap,
    check_card_number,
    check_date,
)
from office_app.domain.money import MAX_ORE, format_kr
from office_app.i18n import set_language, tr

LIMIT_ORE = 200_000
TYPED = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 .,-−kr\u00a0", max_size=25),
    st.from_regex(r"\A\s*-?\s*(kr\.? ?)?[0-9]{1,16}([.,][0-9]{0,4})?( ?kr\.?|,-)?\s*\Z"),
)
LANGUAGES = st.sampled_from(["da", "en"])


@pytest.fixture(autouse=True)
def danish_afterwards() -> Iterator[None]:
    yield
    set_language("da")


@settings(max_examples=400)
@given(text=TYPED, language=LANGUAGES)
def test_amounts_are_in_range_or_refused_naming_the_field(text: str, language: str) -> None:
    set_language(language)
    try:
        amount = check_amount(text, "deposit.amount", max_ore=LIMIT_ORE)
    except FieldProblem as problem:
        assert tr("deposit.amount") in str(problem)
    else:
        assert isinstance(amount, int) and 0 < amount <= LIMIT_ORE


@given(amount=st.integers(1, MAX_ORE))
def test_an_amount_as_the_office_prints_it_reads_back_the_same(amount: int) -> None:
    assert check_amount(format_kr(amount), "deposit.amount", max_ore=MAX_ORE) == amount


@settings(max_examples=300)
@given(text=TYPED, language=LANGUAGES)
def test_caps_are_none_zero_or_positive_or_refused_naming_the_field(
    text: str, language: str
) -> None:
    set_language(language)
    try:
        cap = check_cap(text)
    except FieldProblem as problem:
        assert tr("cap.amount") in str(problem)
    else:
        assert (cap is None) == (text.strip() == "")
        assert cap is None or 0 <= cap <= MAX_ORE


@settings(max_examples=300)
@given(text=st.one_of(st.text(max_size=30), st.text("0123456789 -\u2013\n", max_size=30)))
def test_card_numbers_are_digits_or_refused_naming_the_field(text: str) -> None:
    for language in ("da", "en"):
        set_language(language)
        try:
            number = check_card_number(text, "replace.new")
        except FieldProblem as problem:
            assert str(problem).startswith(tr("replace.new") + ": ")
        else:
            assert number.isascii() and number.isdigit() and 6 <= len(number) <= 20


@given(
    digits=st.text("0123456789", min_size=6, max_size=20),
    noise=st.lists(st.sampled_from([" ", "-", "\u2013", "\u00a0", "\r\n"]), max_size=4),
)
def test_a_scanned_or_copied_card_number_is_its_digits(digits: str, noise: list[str]) -> None:
    typed = digits
    for index, separator in enumerate(noise):
        position = (index * 3) % (len(typed) + 1)
        typed = typed[:position] + separator + typed[position:]
    assert check_card_number(typed, "replace.new") == digits


@settings(max_examples=300)
@given(text=st.one_of(st.text(max_size=20), st.dates().map(dt.date.isoformat)), language=LANGUAGES)
def test_dates_are_read_or_refused_naming_the_field(text: str, language: str) -> None:
    set_language(language)
    try:
        day = check_date(text, "statement.from")
    except FieldProblem as problem:
        assert tr("statement.from") in str(problem)
    else:
        assert day.isoformat() == text.strip() or dt.date.fromisoformat(text.strip()) == day
