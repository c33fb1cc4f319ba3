"""Property tests: on any text the parser either returns a plan or raises ParseError, quickly."""

from __future__ import annotations

import contextlib
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binhdang.documents.parsing import ParseError, parse_text
from binhdang.documents.parsing.dates import find_dates, find_recurrences
from binhdang.documents.parsing.readers import decode_bytes

from .helpers import SEED_TXT

SEED_LINES = SEED_TXT.read_text(encoding="utf-8").splitlines()
FRAGMENTS = [*SEED_LINES, "Số: 12/QĐ-UBND", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phần thứ hai", "Điều 2.", "a) ", "+ ", "| STT | Nội dung |", "Căn cứ Luật Bình đẳng giới;", "Theo đề nghị của", "trước ngày 31/02", "Quý V/2026", "tháng 13", "Các Phòng: ", "Kính gửi:", "V/v ", "Nơi nhận:", "TM. ", "ngày 99 tháng 99 năm 9999", "Giao ", "phối hợp với ", "chủ trì"]
noisy_lines = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)), max_size=60)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_error(text: str) -> None:
    start = time.perf_counter()
    try:
        plan = parse_text(text)
        plan.to_json_dict()
    except ParseError as exc:
        assert exc.message_vi and exc.message_en
    assert time.perf_counter() - start < 2.0


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text(text: str) -> None:
    _parse_or_error(text)


@SETTINGS
@given(noisy_lines)
def test_plan_like_text(lines: list[str]) -> None:
    _parse_or_error("\n".join(lines))


@SETTINGS
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=120), st.sampled_from(["\n", "\n\n", "   ", "\t"]))
def test_shuffled_seed_lines(lines: list[str], sep: str) -> None:
    _parse_or_error(sep.join(lines))


@SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_decode_or_refuse(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        decode_bytes(data)


@SETTINGS
@given(st.text(alphabet="0123456789/-. ngaythánmquýIV", max_size=200), st.one_of(st.none(), st.integers(1900, 2100)))
def test_date_scanning_never_crashes(text: str, year: int | None) -> None:
    warnings: list[str] = []
    for hit in find_dates(text, year, warnings):
        assert hit.start < hit.end
    find_recurrences(text)


def test_long_document_is_parsed_in_bounded_time() -> None:
    body = "\n\n".join(SEED_LINES[:20] + SEED_LINES[20:-12] * 40 + SEED_LINES[-12:])
    start = time.perf_counter()
    parse_text(body)
    assert time.perf_counter() - start < 5.0
