import datetime

from binhdang.core.periods import cutoff_window


def test_nd_09_2019_cutoff_windows():
    assert cutoff_window(2017, 1) == (datetime.date(2016, 12, 15), datetime.date(2017, 6, 14))
    assert cutoff_window(2017, 2) == (datetime.date(2017, 6, 15), datetime.date(2017, 12, 14))
    assert cutoff_window(2017) == (datetime.date(2016, 12, 15), datetime.date(2017, 12, 14))


def test_two_halves_tile_the_year_without_gap_or_overlap():
    first, second, year = cutoff_window(2024, 1), cutoff_window(2024, 2), cutoff_window(2024)
    assert first[0] == year[0] and second[1] == year[1]
    assert second[0] - first[1] == datetime.timedelta(days=1)
