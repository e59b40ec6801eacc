"""The one argument checker: a TypeError for the wrong kind of thing, a ValueError for a wrong value,
each naming what was given."""
import math

import pytest

from autograd.arguments import check_choice, check_count, check_flag, check_number


@pytest.mark.parametrize("value", ["0.1", None, True, [0.1], 1j])
def test_a_number_of_the_wrong_kind_is_a_type_error(value):
    with pytest.raises(TypeError, match=r"lr must be a number, e\.g\. lr=0\.1; got"):
        check_number("lr", value, 0.0, low_open=True, example=0.1)


@pytest.mark.parametrize("value, words", [
    (0.0, "in (0, 1]"), (1.5, "in (0, 1]"), (math.nan, "got nan"), (math.inf, "got inf"),
    pytest.param(10**400, "an int of about 401 digits", id="10**400"),
    pytest.param(-10**5000, "an int of about 5,001 digits", id="-10**5000"),
])
def test_a_number_out_of_range_is_a_value_error_that_names_it(value, words):
    with pytest.raises(ValueError, match="lr must be a finite number") as info:
        check_number("lr", value, 0.0, 1.0, low_open=True)
    assert words in str(info.value)


def test_numbers_in_range_come_back_as_floats():
    assert check_number("lr", 1, 0.0, 1.0, low_open=True) == 1.0
    assert type(check_number("x", 3)) is float


@pytest.mark.parametrize("value, error", [(2.5, TypeError), (True, TypeError), ("3", TypeError), (-1, ValueError)])
def test_counts_are_whole_numbers(value, error):
    with pytest.raises(error, match="epochs"):
        check_count("epochs", value, 1)


def test_choices_and_flags():
    assert check_choice("rankdir", "LR", ("LR", "TB")) == "LR"
    with pytest.raises(ValueError, match="'LR', 'TB'; got 'up'"):
        check_choice("rankdir", "up", ("LR", "TB"))
    with pytest.raises(TypeError):
        check_choice("rankdir", 3, ("LR", "TB"))
    with pytest.raises(TypeError, match="True or False; got int 1"):
        check_flag("progress", 1)
