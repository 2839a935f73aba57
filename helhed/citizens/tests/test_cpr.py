# SPDX-License-Identifier: MPL-2.0
"""CPR numbers: shape, embedded birth date with the century rule, no modulus-11 check, sex,
masking, encryption and the keyed lookup hash (shared/reference/danish-domain.md, 6.5)."""

import hashlib
from datetime import date, timedelta

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from helhed.citizens.cpr import (
    Cpr,
    cpr_lookup_hash,
    decrypt_cpr,
    encrypt_cpr,
    parse_cpr,
)

WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
TODAY = date(2026, 11, 23)


def mod11(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11


def refusal(raw: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_cpr(raw)
    return caught.value


def assert_does_not_repeat(error: ValidationError, raw: str) -> None:
    digits = "".join(c for c in raw if c.isdigit())
    for message in error.messages:
        if raw.strip():
            assert raw not in message
        if digits:
            assert digits not in message
            assert digits[:6] not in message
            assert digits[-4:] not in message


# --- accepted shapes ------------------------------------------------------------------


def test_a_number_written_with_a_hyphen_is_accepted() -> None:
    assert parse_cpr("010165-1234").digits == "0101651234"


def test_a_number_written_as_ten_digits_is_accepted() -> None:
    assert parse_cpr("0101651234").digits == "0101651234"


def test_both_ways_of_writing_a_number_give_the_same_number() -> None:
    assert parse_cpr("120385-1233") == parse_cpr("1203851233")


@pytest.mark.parametrize("raw", ["010165-1234", "010165-4000", "150390-1235", "311299-3002"])
def test_a_number_without_a_valid_modulus_11_check_is_accepted(raw: str) -> None:
    digits = raw.replace("-", "")
    assert mod11(digits) != 0  # the number really fails the old check

    number = parse_cpr(raw)

    assert number.digits == digits


def test_a_number_with_a_valid_modulus_11_check_is_accepted_too() -> None:
    digits = "0707614285"
    assert mod11(digits) == 0

    assert parse_cpr(digits).birth_date == date(1961, 7, 7)


# --- the century rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "born"),
    [
        ("010100-0001", date(1900, 1, 1)),
        ("311299-3999", date(1999, 12, 31)),
        ("010136-4001", date(2036, 1, 1)),
        ("010137-4001", date(1937, 1, 1)),
        ("010105-9001", date(2005, 1, 1)),
        ("010199-9001", date(1999, 1, 1)),
        ("010157-5001", date(2057, 1, 1)),
        ("010158-5001", date(1858, 1, 1)),
        ("311299-8001", date(1899, 12, 31)),
        ("010120-6001", date(2020, 1, 1)),
    ],
)
@time_machine.travel(date(2060, 1, 1), tick=False)
def test_the_seventh_digit_gives_the_century(raw: str, born: date) -> None:
    assert parse_cpr(raw).birth_date == born


def _consistent_seventh_digits(born: date) -> list[int]:
    """The seventh digits the century rule allows for a birth date (the reference's rule)."""
    yy = born.year % 100
    digits = []
    for seventh in range(10):
        if seventh <= 3:
            ok = 1900 <= born.year <= 1999
        elif seventh in (4, 9):
            ok = (2000 <= born.year <= 2036) if yy <= 36 else (1937 <= born.year <= 1999)
        else:
            ok = (2000 <= born.year <= 2057) if yy <= 57 else (1858 <= born.year <= 1899)
        if ok:
            digits.append(seventh)
    return digits


@st.composite
def born_and_serial(draw: st.DrawFn) -> tuple[date, str]:
    born = draw(st.dates(min_value=date(1858, 1, 1), max_value=TODAY))
    seventh = draw(st.sampled_from(_consistent_seventh_digits(born)))
    rest = draw(st.integers(min_value=0, max_value=999))
    return born, f"{seventh}{rest:03d}"


@given(born_and_serial())
@time_machine.travel(TODAY, tick=False)
def test_any_birth_date_since_1858_reads_back_from_a_serial_consistent_with_it(
    case: tuple[date, str],
) -> None:
    born, serial = case
    raw = f"{born:%d%m%y}-{serial}"

    assert parse_cpr(raw).birth_date == born
    assert parse_cpr(raw.replace("-", "")).birth_date == born


def test_every_birth_date_from_1858_to_today_has_a_consistent_serial() -> None:
    # Guards the property test above: its strategy never draws from an empty list.
    day = date(1858, 1, 1)
    while day <= TODAY:
        assert _consistent_seventh_digits(day), day
        day += timedelta(days=1)


def test_29_february_is_a_date_in_a_leap_year_of_the_numbers_century() -> None:
    assert parse_cpr("290200-4001").birth_date == date(2000, 2, 29)  # 2000 was a leap year
    assert parse_cpr("290224-4001").birth_date == date(2024, 2, 29)


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "010165123",  # nine digits
        "01016512345",  # eleven digits
        "010165-123",
        "010165-12345",
        "0101-651234",
        "O10165-1234",  # a letter O for a zero
        "abcdef-ghij",
        "010165+1234",
        "",
        "   ",
    ],
)
def test_a_number_of_the_wrong_shape_is_refused_without_repeating_it(raw: str) -> None:
    error = refusal(raw)

    assert error.code == "cpr_format"
    assert_does_not_repeat(error, raw)


@pytest.mark.parametrize(
    "raw",
    [
        # 010165-1234 in Arabic-Indic digits
        "\u0660\u0661\u0660\u0661\u0666\u0665-\u0661\u0662\u0663\u0664",
        # 0101651234 in full-width digits
        "\uff10\uff11\uff10\uff11\uff16\uff15\uff11\uff12\uff13\uff14",
    ],
)
def test_a_number_in_digits_other_than_0_to_9_is_refused(raw: str) -> None:
    # Otherwise the same person could be registered twice: the lookup hash of these
    # characters differs from that of the ASCII digits.
    error = refusal(raw)

    assert error.code == "cpr_format"


@pytest.mark.parametrize(
    "raw",
    [
        "310299-1234",  # 31 February
        "300299-1234",  # 30 February
        "290221-1234",  # 29 February 1921: not a leap year
        "290200-1234",  # 29 February 1900: not a leap year (seventh digit 1: the 1900s)
        "290258-5234",  # 29 February 1858: not a leap year
        "311165-1234",  # 31 November
        "011365-1234",  # month 13
        "001065-1234",  # day 0
        "010065-1234",  # month 0
    ],
)
def test_a_number_whose_first_six_digits_are_not_a_date_is_refused_without_repeating_it(
    raw: str,
) -> None:
    error = refusal(raw)

    assert error.code == "cpr_date"
    assert_does_not_repeat(error, raw)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("raw", ["241126-4001", "010130-4001", "010157-5001"])
def test_a_number_with_a_birth_date_in_the_future_is_refused_without_repeating_it(
    raw: str,
) -> None:
    error = refusal(raw)

    assert error.code == "cpr_future"
    assert_does_not_repeat(error, raw)


@time_machine.travel(TODAY, tick=False)
def test_a_number_of_someone_born_today_is_accepted() -> None:
    assert parse_cpr("231126-4001").birth_date == TODAY


# --- sex, mask ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "sex"),
    [(1, "male"), (3, "male"), (9, "male"), (0, "female"), (2, "female"), (8, "female")],
)
def test_the_last_digit_gives_the_sex(last: int, sex: str) -> None:
    assert parse_cpr(f"010165-123{last}").sex == sex


def test_the_mask_shows_only_the_birth_date_digits() -> None:
    number = parse_cpr("0101651234")

    assert number.mask() == "010165-xxxx"
    assert "1234" not in number.mask()


# --- encryption ---------------------------------------------------------------------------


def test_an_encrypted_number_decrypts_to_the_same_number() -> None:
    number = parse_cpr("010165-1234")

    assert decrypt_cpr(encrypt_cpr(number)) == number


def test_the_ciphertext_does_not_contain_the_number() -> None:
    token = encrypt_cpr(parse_cpr("010165-1234"))

    assert "0101651234" not in token
    assert "010165" not in token
    assert "1234" not in token


def test_encrypting_the_same_number_twice_gives_different_ciphertexts() -> None:
    number = parse_cpr("010165-1234")

    assert encrypt_cpr(number) != encrypt_cpr(number)


def test_a_ciphertext_does_not_decrypt_under_another_key_and_the_error_does_not_leak() -> None:
    token = encrypt_cpr(parse_cpr("010165-1234"))

    other_key = Fernet.generate_key().decode()
    with (
        override_settings(HELHED_CPR_ENCRYPTION_KEY=other_key),
        pytest.raises(RuntimeError) as caught,
    ):
        decrypt_cpr(token)

    assert "0101651234" not in str(caught.value)


# --- lookup hash --------------------------------------------------------------------------


def test_the_lookup_hash_is_stable() -> None:
    assert cpr_lookup_hash(parse_cpr("010165-1234")) == cpr_lookup_hash(parse_cpr("0101651234"))


def test_the_lookup_hash_differs_between_numbers() -> None:
    assert cpr_lookup_hash(parse_cpr("010165-1234")) != cpr_lookup_hash(parse_cpr("010165-1235"))


def test_the_lookup_hash_changes_with_the_key() -> None:
    number = parse_cpr("010165-1234")
    under_test_key = cpr_lookup_hash(number)

    with override_settings(HELHED_CPR_HASH_KEY="another-key"):
        under_other_key = cpr_lookup_hash(number)

    assert under_other_key != under_test_key


def test_the_lookup_hash_is_not_a_plain_sha256_of_the_number() -> None:
    number = Cpr("0101651234")
    hashed = cpr_lookup_hash(number)

    assert hashed != hashlib.sha256(b"0101651234").hexdigest()
    assert hashed != hashlib.sha256(b"010165-1234").hexdigest()
    assert "0101651234" not in hashed
