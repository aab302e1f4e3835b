"""Danish registration numbers, account numbers and IBANs for payouts."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from office_app.domain.bank import (
    BankAccountError,
    DanishAccount,
    account_to_iban,
    iban_check_digits,
    iban_to_account,
    validate_account_no,
    validate_iban,
    validate_reg_no,
)
from office_app.i18n.rules import rule_text

KNOWN_IBAN = "DK5000400440116243"


def expected_check_digits(bban: str) -> str:
    """ISO 13616 check digits computed independently: D=13, K=20, then 98 - n mod 97."""
    return f"{98 - int(bban + '1320' + '00') % 97:02d}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1234", "1234"), (" 0040 ", "0040"), ("12 34", "1234"), ("9570\n", "9570")],
)
def test_validate_reg_no_accepts(text: str, expected: str) -> None:
    assert validate_reg_no(text) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("12a4", "not_digits"),
        ("12-34", "not_digits"),
        ("١٢٣٤", "not_digits"),
        ("123", "wrong_length"),
        ("12345", "wrong_length"),
    ],
)
def test_validate_reg_no_refuses(text: str, rule: str) -> None:
    with pytest.raises(BankAccountError) as caught:
        validate_reg_no(text)
    assert (caught.value.field, caught.value.rule) == ("reg_no", rule)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", "1"),
        ("440116243", "440116243"),
        ("0440116243", "0440116243"),
        ("4401-162-43", "440116243"),
        (" 440 116 243 ", "440116243"),
        ("4401–16243", "440116243"),
    ],
)
def test_validate_account_no_accepts(text: str, expected: str) -> None:
    assert validate_account_no(text) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "empty"),
        (" - ", "empty"),
        ("44O116243", "not_digits"),
        ("4401.16243", "not_digits"),
        ("12345678901", "too_long"),
    ],
)
def test_validate_account_no_refuses(text: str, rule: str) -> None:
    with pytest.raises(BankAccountError) as caught:
        validate_account_no(text)
    assert (caught.value.field, caught.value.rule) == ("account_no", rule)


@pytest.mark.parametrize(
    "text",
    [
        KNOWN_IBAN,
        "DK50 0040 0440 1162 43",
        "dk5000400440116243",
        " Dk50 0040 0440 1162 43\n",
        "DK50\u00a00040\u00a00440\u00a01162\u00a043",
    ],
)
def test_validate_iban_accepts_known_example(text: str) -> None:
    assert validate_iban(text) == KNOWN_IBAN


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("DE89370400440532013000", "wrong_country"),
        ("5000400440116243", "wrong_country"),
        ("NO9386011117947", "wrong_country"),
        ("DK50O0400440116243", "not_digits"),
        ("DK50-0040-0440-1162-43", "not_digits"),
        ("DK", "wrong_length"),
        ("DK500040044011624", "wrong_length"),
        ("DK50004004401162430", "wrong_length"),
        ("DK5000400440116244", "checksum"),
        ("DK0500400440116243", "checksum"),
        ("DK5000400440116234", "checksum"),
    ],
)
def test_validate_iban_refuses(text: str, rule: str) -> None:
    with pytest.raises(BankAccountError) as caught:
        validate_iban(text)
    assert (caught.value.field, caught.value.rule) == ("iban", rule)


@pytest.mark.parametrize(
    ("call", "danish", "english"),
    [
        (
            lambda: validate_reg_no("123"),
            "Registreringsnummer skal være præcis 4 cifre",
            "Registration number must be exactly 4 digits",
        ),
        (
            lambda: validate_account_no("12345678901"),
            "Kontonummer må højst have 10 cifre",
            "Account number may have at most 10 digits",
        ),
        (
            lambda: validate_iban("DE89370400440532013000"),
            "IBAN skal være dansk og starte med DK",
            "IBAN must be Danish and start with DK",
        ),
        (
            lambda: validate_iban("DK5000400440116244"),
            "IBAN: kontrolcifrene passer ikke, tjek for tastefejl",
            "IBAN: the check digits do not match, look for a typing error",
        ),
    ],
)
def test_messages_name_field_and_rule(call: Callable[[], str], danish: str, english: str) -> None:
    with pytest.raises(BankAccountError) as caught:
        call()
    assert danish not in str(caught.value)
    assert rule_text(caught.value, "da") == danish
    assert rule_text(caught.value, "en") == english


def test_iban_to_account_splits_known_example() -> None:
    assert iban_to_account("dk50 0040 0440 1162 43") == DanishAccount(
        reg_no="0040", account_no="0440116243"
    )


def test_iban_to_account_refuses_invalid_iban() -> None:
    with pytest.raises(BankAccountError) as caught:
        iban_to_account("DK5000400440116244")
    assert caught.value.rule == "checksum"


def test_account_to_iban_pads_account_number() -> None:
    assert account_to_iban(DanishAccount(reg_no="0040", account_no="440116243")) == KNOWN_IBAN


def test_danish_account_is_frozen() -> None:
    account = DanishAccount(reg_no="0040", account_no="440116243")
    with pytest.raises(dataclasses.FrozenInstanceError):
        account.reg_no = "1234"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("reg_no", "account_no", "field"),
    [("004", "1", "reg_no"), ("00 40", "1", "reg_no"), ("0040", "", "account_no")],
)
def test_danish_account_refuses_malformed_parts(reg_no: str, account_no: str, field: str) -> None:
    with pytest.raises(BankAccountError) as caught:
        DanishAccount(reg_no=reg_no, account_no=account_no)
    assert caught.value.field == field


def test_iban_check_digits_for_known_example() -> None:
    assert iban_check_digits("DK", "00400440116243") == "50"


digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=1)
# Reg. no. 0000 and an account no. of only zeros are no one's account.
reg_numbers = st.text(alphabet="0123456789", min_size=4, max_size=4).filter(lambda t: int(t) > 0)
account_numbers = st.text(alphabet="0123456789", min_size=10, max_size=10).filter(
    lambda t: int(t) > 0
)


@given(reg_numbers, account_numbers)
def test_generated_ibans_validate(reg_no: str, account_no: str) -> None:
    bban = reg_no + account_no
    iban = "DK" + expected_check_digits(bban) + bban
    assert validate_iban(iban) == iban
    assert validate_iban(iban.lower()) == iban
    assert iban_to_account(iban) == DanishAccount(reg_no=reg_no, account_no=account_no)
    assert account_to_iban(DanishAccount(reg_no=reg_no, account_no=account_no)) == iban


@given(reg_numbers, account_numbers, st.integers(min_value=2, max_value=17), digit_strings)
def test_any_single_changed_digit_fails(
    reg_no: str, account_no: str, position: int, replacement: str
) -> None:
    bban = reg_no + account_no
    iban = "DK" + expected_check_digits(bban) + bban
    if iban[position] == replacement:
        replacement = str((int(replacement) + 1) % 10)
    typo = iban[:position] + replacement + iban[position + 1 :]
    with pytest.raises(BankAccountError) as caught:
        validate_iban(typo)
    assert caught.value.rule == "checksum"


@given(st.text())
def test_random_text_only_raises_bank_account_error(text: str) -> None:
    for validate in (validate_reg_no, validate_account_no, validate_iban):
        try:
            result = validate(text)
        except BankAccountError as error:
            assert rule_text(error, "da")
            assert rule_text(error, "en")
        else:
            assert result.isascii()


@pytest.mark.parametrize(
    ("reg_no", "account_no", "field"),
    [("0000", "1", "reg_no"), ("1234", "0", "account_no"), ("1234", "0000000000", "account_no")],
)
def test_zero_is_no_ones_bank_number(reg_no: str, account_no: str, field: str) -> None:
    with pytest.raises(BankAccountError) as caught:
        DanishAccount(reg_no=reg_no, account_no=account_no)
    assert (caught.value.field, caught.value.rule) == (field, "zero")
    assert "cannot be zero" in rule_text(caught.value, "en")
    with pytest.raises(BankAccountError):
        iban_to_account(account_to_iban_unchecked(reg_no, account_no))


def account_to_iban_unchecked(reg_no: str, account_no: str) -> str:
    bban = reg_no + account_no.zfill(10)
    return "DK" + expected_check_digits(bban) + bban


def test_bank_name_hint_from_the_registry_never_refuses() -> None:
    from office_app.domain.bank_registry import bank_name

    assert bank_name("3001") == "DANSKE BANK A/S"
    assert bank_name("9999") is None
    assert bank_name("12a4") is None


def test_a_printed_account_shows_only_its_last_four_digits() -> None:
    from office_app.domain.bank import masked

    assert masked("1234", "0012345678") == "1234 ****5678"
    assert masked("1234", "1") == "1234 **1"
