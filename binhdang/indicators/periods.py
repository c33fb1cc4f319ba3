"""Indicator data lives in the periods that have an NĐ 09/2019 data window (H1, H2, year):
the one period model of `binhdang.core.periods`, restricted to those."""

from binhdang.core.periods import (
    Period,
    data_period_choices,
    half_year_keys,
    periods_containing,
)
from binhdang.core.periods import data_period_parse as period_parse

__all__ = ["Period", "data_period_choices", "half_year_keys", "period_parse", "periods_containing"]
