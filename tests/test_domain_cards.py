"""Card numbers typed by a keyboard-wedge card reader or by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from office_app.domain.cards import CardNumberError, looks_like_card_number, normalise_card_number
from office_app.i18n.rules import rule_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123456", "123456"),
        ("0012345678\n", "0012345678"),
        ("0012345678\r\n", "0012345678"),
        ("\t0012345678\r", "0012345678"),
        ("1234 5678 9012", "123456789012"),
        ("1234-5678-9012", "123456789012"),
        ("1234\u00a05678", "12345678"),
        ("1234\u202f5678", "12345678"),
        ("1234\u20115678", "12345678"),
        ("12345678901234567890", "12345678901234567890"),
    ],
)
def test_normalise_card_number_accepts(text: str, expected: str) -> None:
    assert normalise_card_number(text) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "empty"),
        (" \r\n", "empty"),
        ("--", "empty"),
        ("12345a", "not_digits"),
        ("Anna Jensen", "not_digits"),
        ("1234.5678", "not_digits"),
        ("١٢٣٤٥٦", "not_digits"),
        ("12345", "too_short"),
        ("12-345", "too_short"),
        ("123456789012345678901", "too_long"),
    ],
)
def test_normalise_card_number_refuses(text: str, rule: str) -> None:
    with pytest.raises(CardNumberError) as caught:
        normalise_card_number(text)
    assert caught.value.rule == rule


@pytest.mark.parametrize(
    ("text", "danish", "english"),
    [
        (
            "",
            "Kortnummer: skriv eller scan et kortnummer",
            "Card number: type or scan a card number",
        ),
        ("12a456", "Kortnummer må kun indeholde tal", "Card number may contain digits only"),
        ("123", "Kortnummer skal have mindst 6 cifre", "Card number must have at least 6 digits"),
        ("1" * 21, "Kortnummer må højst have 20 cifre", "Card number may have at most 20 digits"),
    ],
)
def test_messages_name_field_and_rule(text: str, danish: str, english: str) -> None:
    with pytest.raises(CardNumberError) as caught:
        normalise_card_number(text)
    assert danish not in str(caught.value)
    assert rule_text(caught.value, "da") == danish
    assert rule_text(caught.value, "en") == english


def test_card_number_error_is_a_value_error() -> None:
    with pytest.raises(ValueError) as caught:
        normalise_card_number("x")
    assert isinstance(caught.value, CardNumberError)
    assert "Kortnummer" in rule_text(caught.value, "da")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0012345678\r\n", True),
        ("1234-5678", True),
        ("123456", True),
        ("1" * 25, True),
        ("12345", False),
        ("", False),
        ("Anna", False),
        ("Anna 123456", False),
        ("123456a", False),
    ],
)
def test_looks_like_card_number(text: str, expected: bool) -> None:
    assert looks_like_card_number(text) is expected


separators = st.text(alphabet=" \t\r\n\u00a0-", max_size=3)


@given(st.lists(st.tuples(st.text(alphabet="0123456789", min_size=1, max_size=4), separators)))
def test_noise_between_digits_is_removed(chunks: list[tuple[str, str]]) -> None:
    text = "".join(digits + noise for digits, noise in chunks)
    digits_only = "".join(digits for digits, _ in chunks)
    if 6 <= len(digits_only) <= 20:
        assert normalise_card_number(text) == digits_only
        assert looks_like_card_number(text)
    else:
        with pytest.raises(CardNumberError):
            normalise_card_number(text)


@given(st.text())
def test_random_text_only_raises_card_number_error(text: str) -> None:
    try:
        number = normalise_card_number(text)
    except CardNumberError as error:
        assert error.rule in {"empty", "not_digits", "too_short", "too_long"}
    else:
        assert looks_like_card_number(text)
        assert number.isascii()
        assert number.isdigit()
