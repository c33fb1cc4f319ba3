import datetime

import pytest

from binhdang.core.errors import DomainError
from binhdang.core.periods import cutoff_window, period_parse


def test_nd_09_2019_cutoff_windows():
    assert cutoff_window(2017, 1) == (datetime.date(2016, 12, 15), datetime.date(2017, 6, 14))
    assert cutoff_window(2017, 2) == (datetime.date(2017, 6, 15), datetime.date(2017, 12, 14))
    assert cutoff_window(2017) == (datetime.date(2016, 12, 15), datetime.date(2017, 12, 14))


def test_two_halves_tile_the_year_without_gap_or_overlap():
    first, second, year = cutoff_window(2024, 1), cutoff_window(2024, 2), cutoff_window(2024)
    assert first[0] == year[0] and second[1] == year[1]
    assert second[0] - first[1] == datetime.timedelta(days=1)


def test_data_window_is_the_cutoff_window_and_a_domain_error_without_one():
    assert period_parse("2017-H1").data_window() == cutoff_window(2017, 1)
    assert period_parse("2017").data_window() == cutoff_window(2017)
    with pytest.raises(DomainError) as caught:
        period_parse("2017-plan").data_window()
    assert caught.value.code == "bad_period"
    assert "2017-plan" in str(caught.value)
