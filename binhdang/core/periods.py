"""The data cut-off windows of Nghị định 09/2019/NĐ-CP Art. 12, shared by reports and data.

A half-year's data runs from 15/12 of the previous year to 14/6 (first half) or from 15/6 to
14/12 (second half); a year's data from 15/12 of the previous year to 14/12.
"""

import datetime


def cutoff_window(year: int, half: int = 0) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of the data of `year`: half 1 or 2, or 0 for the whole year."""
    if half == 1:
        return datetime.date(year - 1, 12, 15), datetime.date(year, 6, 14)
    if half == 2:
        return datetime.date(year, 6, 15), datetime.date(year, 12, 14)
    return datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14)
