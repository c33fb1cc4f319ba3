"""Targets: direction-aware % achieved, status, and the gender-gap readings."""

import pytest

from binhdang.indicators.models import Indicator, Target
from binhdang.indicators.selectors import Figure, percent_achieved, target_evaluate


def test_percent_achieved_knows_the_direction():
    assert percent_achieved(actual=30, target=40, direction="higher") == 75
    assert percent_achieved(actual=50, target=40, direction="lower") == 80
    # with a baseline: the share of the way from 113 down to 109 covered at 111
    assert percent_achieved(actual=111, target=109, direction="lower", baseline=113) == 50


@pytest.mark.parametrize(
    ("comparator", "value", "actual", "year", "status"),
    [
        ("ge", 35, 36, 2020, "achieved"),
        ("ge", 35, 33, 2018, "on_track"),   # 60% of the way expected, 60% done
        ("ge", 35, 33.2, 2019, "at_risk"),  # 80% expected, 64% done (≥ 0.75 × 80)
        ("ge", 35, 31, 2019, "off_track"),  # 80% expected, 20% done
        ("le", 25, 24, 2020, "achieved"),
        ("le", 25, 27, 2020, "at_risk"),    # 25/27 = 93% of the target, deadline reached
        ("le", 25, 40, 2020, "off_track"),
        ("about", 111, 113, 2025, "achieved"),
    ],
)
def test_target_status(comparator, value, actual, year, status):
    indicator = Indicator(code="X", name="x", unit="%", kind="ratio", scale=100, direction="higher")
    target = Target(indicator=indicator, comparator=comparator, value=value, year=2020,
                    baseline_value=30 if comparator == "ge" else None, baseline_year=2015 if comparator == "ge" else None)
    assert target_evaluate(target, actual, year=year).status == status


def test_gender_gap_readings_for_counts_and_rates():
    count = Figure(Indicator(code="C", name="c", unit="người", kind="count"))
    count.add("F", 30, None, 1)
    count.add("M", 70, None, 1)
    assert (count.total, count.female_share, count.fm_ratio, count.gap_pp) == (100, 30, 30 / 70, -40)
    rate = Figure(Indicator(code="R", name="r", unit="%", kind="ratio", scale=100))
    rate.add("F", 45, 50, 1)
    rate.add("M", 40, 50, 1)
    # the total is Σnum/Σden, never the mean of the two rates; the gap is in points of the rate
    assert (rate.female, rate.male, rate.total, rate.gap_pp) == (90, 80, 85, 10)
