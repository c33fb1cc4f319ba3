"""One number format per language (binhdang.core.numbers) and where it is used."""

import decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from binhdang.core.numbers import format_number, format_percent, format_share


@pytest.mark.parametrize(("value", "digits", "vi", "en"), [
    (1047, 1, "1.047", "1,047"),
    (2446, 1, "2.446", "2,446"),
    (1234567, 1, "1.234.567", "1,234,567"),
    (76.94, 1, "76,9", "76.9"),
    (12.5, 2, "12,5", "12.5"),
    (1234.56, 2, "1.234,56", "1,234.56"),
    (decimal.Decimal("1047.00"), 1, "1.047", "1,047"),
    (-3.25, 1, "-3,2", "-3.2"),
    (0, 1, "0", "0"),
    (99.96, 1, "100", "100"),
])
def test_format_number(value, digits, vi, en):
    assert format_number(value, digits, lang="vi") == vi
    assert format_number(value, digits, lang="en") == en


def test_percent_share_and_missing_values():
    assert format_percent(76.94, lang="vi") == "76,9%"
    assert format_percent(76.94, lang="en") == "76.9%"
    assert format_share(769, 1000, lang="vi") == "76,9%"
    assert format_share(1, 0, lang="vi") == "–"
    assert format_number(None) == "–" and format_number("") == "–"
    assert format_number("n/a") == "n/a"


def test_the_active_language_decides_on_pages():
    template = Template("{% load numbers %}{{ n|num }} {{ p|pct }} {{ k|num:0 }}")
    context = {"n": 1047, "p": 76.94, "k": 12.6}
    with translation.override("vi"):
        assert template.render(Context(context)) == "1.047 76,9% 13"
    with translation.override("en"):
        assert template.render(Context(context)) == "1,047 76.9% 13"


def test_official_documents_are_vietnamese_whatever_the_reader():
    from binhdang.exports.official.model import format_number as document_number

    with translation.override("en"):
        assert document_number(1047) == "1.047"
        assert document_number(12.5) == "12,5"
        assert document_number(None) == ""


def test_the_older_indicator_filter_follows_the_language():
    template = Template("{% load indicators_tags %}{{ n|vn }} {{ g|signed }}")
    with translation.override("en"):
        assert template.render(Context({"n": 2446.5, "g": 3.25})) == "2,446.5 +3.2"
    with translation.override("vi"):
        assert template.render(Context({"n": 2446.5, "g": 3.25})) == "2.446,5 +3,2"
