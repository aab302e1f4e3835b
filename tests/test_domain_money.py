"""Danish money formatting and parsing of typed amounts in øre."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from office_app.domain.money import (
    MoneyError,
    format_amount,
    format_kr,
    format_kr_en,
    parse_kr,
    parse_kr_en,
)
from office_app.i18n.rules import rule_text


@pytest.mark.parametrize(
    ("amount_ore", "expected"),
    [
        (123450, "1.234,50 kr."),
        (0, "0,00 kr."),
        (5, "0,05 kr."),
        (100, "1,00 kr."),
        (99999, "999,99 kr."),
        (100000, "1.000,00 kr."),
        (-2500, "-25,00 kr."),
        (-123456789, "-1.234.567,89 kr."),
        (123456789, "1.234.567,89 kr."),
    ],
)
def test_format_kr(amount_ore: int, expected: str) -> None:
    assert format_kr(amount_ore) == expected


def test_format_amount_has_no_suffix() -> None:
    assert format_amount(123450) == "1.234,50"
    assert format_amount(-5) == "-0,05"


def test_format_kr_en_uses_english_separators() -> None:
    assert format_kr_en(200000) == "2,000.00 kr."


NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 1200),
        ("12,5", 1250),
        ("12,50", 1250),
        ("1.234,50", 123450),
        ("1234,50", 123450),
        ("1.234", 123400),
        ("1.234.567,89", 123456789),
        ("12 kr", 1200),
        ("12 kr.", 1200),
        (" 12,00 kr. ", 1200),
        ("12,-", 1200),
        ("12,– kr.", 1200),
        ("kr. 12", 1200),
        ("kr 12", 1200),
        ("KR. 12", 1200),
        ("12,00kr", 1200),
        ("12 Kr.", 1200),
        (",50", 50),
        ("0,05", 5),
        ("007", 700),
        (f"{NBSP}12,50{NBSP}kr.{NBSP}", 1250),
        (f"1.234,50{NARROW_NBSP}kr.", 123450),
        ("12\n", 1200),
        ("\t12\r\n", 1200),
        ("999.999.999.999,99", 99999999999999),
    ],
)
def test_parse_kr_accepts(text: str, expected: int) -> None:
    assert parse_kr(text) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (NBSP, "empty"),
        ("kr.", "empty"),
        ("12a", "not_a_number"),
        ("abc", "not_a_number"),
        ("1e3", "not_a_number"),
        ("0x10", "not_a_number"),
        ("+5", "not_a_number"),
        ("12,", "not_a_number"),
        ("12.", "not_a_number"),
        (".5", "not_a_number"),
        (",-", "not_a_number"),
        ("1,2,3", "not_a_number"),
        ("12,50.00", "not_a_number"),
        ("1 234,50", "not_a_number"),
        ("12 krone", "not_a_number"),
        ("kr 12 kr", "not_a_number"),
        ("-", "not_a_number"),
        ("--5", "not_a_number"),
        ("١٢", "not_a_number"),
        ("12²", "not_a_number"),
        ("-5", "negative"),
        ("−5", "negative"),
        ("–5", "negative"),
        ("-5 kr.", "negative"),
        ("kr. -5", "negative"),
        ("-0", "negative"),
        ("12,505", "too_many_decimals"),
        ("12,500", "too_many_decimals"),
        ("0", "zero"),
        ("0,00", "zero"),
        ("0 kr.", "zero"),
        ("12.50", "use_comma"),
        ("12.5", "use_comma"),
        ("0.50 kr.", "use_comma"),
        ("1.23,00", "bad_thousands"),
        ("1.2345", "bad_thousands"),
        ("1234.567", "bad_thousands"),
        ("0.123", "bad_thousands"),
        ("1.234.50", "bad_thousands"),
        ("1234567890123", "too_large"),
        ("1.234.567.890.123,00", "too_large"),
        ("9" * 5000, "too_large"),
    ],
)
def test_parse_kr_refuses(text: str, rule: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_kr(text)
    assert caught.value.rule == rule


def test_zero_is_accepted_when_allowed() -> None:
    assert parse_kr("0", allow_zero=True) == 0
    assert parse_kr("0,00 kr.", allow_zero=True) == 0


def test_leading_zeros_do_not_count_towards_too_large() -> None:
    assert parse_kr("0" * 40 + "12") == 1200


def test_maximum_is_inclusive() -> None:
    assert parse_kr("2.000,00", max_ore=200000) == 200000
    with pytest.raises(MoneyError) as caught:
        parse_kr("2.000,01", max_ore=200000)
    assert caught.value.rule == "over_maximum"


@pytest.mark.parametrize(
    ("text", "danish", "english"),
    [
        ("", "Beløb: skriv et beløb", "Amount: enter an amount"),
        ("x", "Beløb: skriv kun tal, fx 12,50", "Amount: enter digits only, e.g. 12,50"),
        ("-5", "Beløb må ikke være negativt", "Amount must not be negative"),
        ("12,505", "Beløb må højst have to decimaler", "Amount may have at most two decimals"),
        ("0", "Beløb skal være mere end 0,00 kr.", "Amount must be more than 0.00 kr."),
        (
            "12.50",
            "Beløb: brug komma før ører, fx 12,50",
            "Amount: use a comma before øre, e.g. 12,50",
        ),
        (
            "1.23,00",
            "Beløb: tusindtalspunktum står forkert, fx 1.234,50",
            "Amount: badly placed thousands separator, e.g. 1.234,50",
        ),
        (
            "1" * 13,
            "Beløb er for stort: højst 12 cifre før kommaet",
            "Amount is too large: at most 12 digits before the comma",
        ),
    ],
)
def test_messages_name_field_and_rule(text: str, danish: str, english: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_kr(text)
    assert rule_text(caught.value, "da") == danish
    assert danish not in str(caught.value)
    assert rule_text(caught.value, "en") == english


@pytest.mark.parametrize(
    ("text", "rule", "english"),
    [
        ("x", "not_a_number", "Amount: enter digits only, e.g. 12.50"),
        ("12,50", "use_point", "Amount: use a point before øre, e.g. 12.50"),
        ("1,23.00", "bad_thousands", "Amount: badly placed thousands separator, e.g. 1,234.50"),
        ("1" * 13, "too_large", "Amount is too large: at most 12 digits before the point"),
        ("-5", "negative", "Amount must not be negative"),
    ],
)
def test_english_notation_messages_show_english_notation(
    text: str, rule: str, english: str
) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_kr_en(text)
    assert caught.value.rule == rule
    assert rule_text(caught.value, "en") == english


def test_over_maximum_message_with_reason() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_kr(
            "2500",
            max_ore=200000,
            max_reason="school_limit",
        )
    assert rule_text(caught.value, "da") == "Beløb må højst være 2.000,00 kr. (skolens grænse)"
    assert rule_text(caught.value, "en") == (
        "Amount may be at most 2,000.00 kr. (the school's limit)"
    )


def test_over_maximum_message_without_reason() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_kr("2500", max_ore=200000)
    assert rule_text(caught.value, "da") == "Beløb må højst være 2.000,00 kr."
    assert rule_text(caught.value, "en") == "Amount may be at most 2,000.00 kr."


def test_custom_field_name() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_kr("-5", field="fee")
    assert rule_text(caught.value, "da") == "Gebyr må ikke være negativt"
    assert rule_text(caught.value, "en") == "Fee must not be negative"


def test_money_error_is_a_value_error() -> None:
    with pytest.raises(ValueError) as caught:
        parse_kr("abc")
    assert isinstance(caught.value, MoneyError)
    assert "Beløb" in rule_text(caught.value, "da")


@given(st.integers(min_value=0, max_value=10**11))
def test_format_then_parse_round_trips(amount_ore: int) -> None:
    parsed = parse_kr(format_kr(amount_ore), allow_zero=True)
    assert type(parsed) is int
    assert parsed == amount_ore
    assert parse_kr(format_amount(amount_ore), allow_zero=True) == amount_ore


@given(st.integers(min_value=0, max_value=10**12 - 1), st.integers(min_value=0, max_value=99))
def test_plain_kroner_and_ore_parse_exactly(kroner: int, ore: int) -> None:
    parsed = parse_kr(f"{kroner},{ore:02d}", allow_zero=True)
    assert type(parsed) is int
    assert parsed == kroner * 100 + ore


@given(st.text())
def test_random_text_only_raises_money_error(text: str) -> None:
    try:
        parsed = parse_kr(text, allow_zero=True)
    except MoneyError as error:
        assert error.rule
        assert rule_text(error, "da")
        assert rule_text(error, "en")
    else:
        assert type(parsed) is int
        assert parsed >= 0


@given(st.text(alphabet="0123456789.,-− krK\u00a0\t", max_size=30))
def test_number_like_text_only_raises_money_error(text: str) -> None:
    try:
        parsed = parse_kr(text, max_ore=10**9)
    except MoneyError:
        return
    assert type(parsed) is int
    assert 0 < parsed <= 10**9
