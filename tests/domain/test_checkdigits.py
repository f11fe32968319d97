"""The one home of identifier check digits: resident ID MOD 11-2 and Luhn."""

from hypothesis import given
from hypothesis import strategies as st

from domain.checkdigits import id_check_char, id_check_ok, luhn_check_digit, luhn_valid


def test_resident_id_check_character():
    assert id_check_char("11010519491231002") == "X"
    assert id_check_ok("11010519491231002X")
    assert not id_check_ok("110105194912310021")
    assert not id_check_ok("1101051949123100XX")  # a letter inside the 17 digits is no ID, not a crash
    assert not id_check_ok("11010519491231002")


def test_luhn_known_numbers():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert luhn_check_digit("411111111111111") == "1"
    assert not luhn_valid("") and not luhn_valid("7") and not luhn_valid("４１１１１１１１１１１１１１１１")


@given(st.text(alphabet="0123456789", min_size=1, max_size=25))
def test_luhn_digit_appended_always_validates_and_any_other_does_not(body):
    d = luhn_check_digit(body)
    assert luhn_valid(body + d)
    assert not any(luhn_valid(body + o) for o in "0123456789" if o != d)
