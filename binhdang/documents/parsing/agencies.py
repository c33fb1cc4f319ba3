"""Find agencies in text and give their canonical names, from a data table of names and
abbreviations; the Django side can add its own org units through the same matcher."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .textutil import fold, fold_key

LEVELS = ("commune", "district", "province")


@dataclass(frozen=True)
class Agency:
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    group: bool = False
    expands: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Agency:
        aliases = (*tuple(d.get("aliases") or ()), d["name"])
        return cls(d["name"], aliases, d.get("level"), bool(d.get("group")), d.get("expands"))


@dataclass(frozen=True)
class Mention:
    """A span of text naming an agency; `agency` is None when the name is not in the table."""

    start: int
    end: int
    written: str
    agency: Agency | None

    @property
    def name(self) -> str:
        return self.agency.name if self.agency else self.written


_TOKEN = re.compile(r"[a-z0-9]+|&")
# Words that may follow a name without changing which agency it is ("Hội LHPN Thị xã",
# "các đơn vị trên địa bàn Thị xã"); place names after a level word are absorbed too.
_QUALIFIER = re.compile(
    r"\s*(?:thi xa|thanh pho|tinh|huyen|quan|tx|viet nam|lien quan|co lien quan|cac cap|"
    r"cap (?:tinh|huyen|xa|co so)|tren dia ban(?: (?:thi xa|tinh|huyen|thanh pho|xa|phuong))?)(?![a-z0-9])"
)
_HARD_BREAK = re.compile(r"[.;:()!?\n/\"“”]")
_ORG_HEAD = re.compile(
    r"(?:phong|so|hoi|ban|dai|trung tam|uy ban|ubnd|cong an|doan|lien doan|van phong|chi cuc|cuc|"
    r"bo|truong|benh vien|toa an|vien|kho bac|bao hiem|quy|ngan hang|tram|chi nhanh|thanh tra)\s"
)
_NAME_STOP = re.compile(
    r"\s(?:chu tri|phoi hop|thuc hien|to chuc|trien khai|xay dung|huong dan|tham muu|kiem tra|"
    r"theo doi|bao cao|tuyen truyen|can cu|co trach nhiem|chiu trach nhiem|tong hop|cung|va cac|nghien cuu|"
    r"tap huan|de|nham|trong|theo)\b|[,;.:()]"
)


class AgencyMatcher:
    """Longest-alias matching over accent-folded word tokens.

    `level` ("commune", "district", "province") decides between entries that share an alias,
    e.g. "LĐTBXH" is the Phòng in a district plan and the Sở in a provincial one.
    """

    def __init__(
        self,
        agencies: Iterable[Agency | Mapping[str, Any]] | None = None,
        *,
        extra: Iterable[Agency | Mapping[str, Any]] | None = None,
        level: str = "district",
    ) -> None:
        entries = [a if isinstance(a, Agency) else Agency.from_dict(a) for a in (agencies if agencies is not None else default_table())]
        # Caller-supplied entries come first so that their names win ties.
        extras = [a if isinstance(a, Agency) else Agency.from_dict(a) for a in (extra or ())]
        self.agencies: tuple[Agency, ...] = tuple(extras + entries)
        self.level = level
        self._index: dict[tuple[str, ...], list[Agency]] = {}
        self._cache: dict[str, tuple[Mention, ...]] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        self._by_first: dict[str, int] = {}
        for agency in self.agencies:
            for alias in agency.aliases:
                key = tuple(fold_key(alias).split())
                if not key:
                    continue
                bucket = self._index.setdefault(key, [])
                if agency not in bucket:
                    bucket.append(agency)
                self._by_first[key[0]] = max(self._by_first.get(key[0], 0), len(key))
                self._prefixes.update(key[:i] for i in range(1, len(key) + 1))
        self._first_re = re.compile(r"\b" + _trie_pattern(self._by_first) + r"(?![a-z0-9])")

    def with_level(self, level: str) -> AgencyMatcher:
        clone = object.__new__(AgencyMatcher)
        clone.__dict__.update(self.__dict__)
        clone.level = level
        clone._cache = {}
        return clone

    def _choose(self, candidates: list[Agency]) -> Agency:
        if len(candidates) == 1:
            return candidates[0]
        for agency in candidates:
            if agency.level == self.level:
                return agency
        for agency in candidates:
            if agency.level in (None, "district"):
                return agency
        return candidates[0]

    def lookup(self, name: str) -> Agency | None:
        """The agency whose alias is exactly `name` (qualifiers such as 'Thị xã' allowed)."""
        mentions = self.find(name)
        if len(mentions) == 1 and mentions[0].start == 0 and not name[mentions[0].end :].strip(" .,;"):
            return mentions[0].agency
        return None

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions of known agencies, left to right."""
        cached = self._cache.get(text)
        if cached is None:
            cached = tuple(self._find(text))
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[text] = cached
        return list(cached)

    def _find(self, text: str) -> list[Mention]:
        folded = fold(text)
        mentions: list[Mention] = []
        cursor = 0
        # Only positions where some alias can start are examined, and a candidate is extended
        # token by token only while it is still the prefix of some alias.
        for first in self._first_re.finditer(folded):
            start = first.start()
            if start < cursor:
                continue
            key: tuple[str, ...] = ()
            best: tuple[tuple[str, ...], int] | None = None
            prev_end = -1
            for m in _TOKEN.finditer(folded, start):
                if prev_end >= 0:
                    gap = folded[prev_end : m.start()]
                    if gap != " " and _HARD_BREAK.search(gap):
                        break
                tok = m.group(0)
                key = (*key, "va" if tok == "&" else tok)
                if key not in self._prefixes:
                    break
                if key in self._index:
                    best = (key, m.end())
                prev_end = m.end()
            if best is not None:
                end = _absorb_qualifiers(text, folded, best[1])
                mentions.append(Mention(start, end, text[start:end], self._choose(self._index[best[0]])))
                cursor = end
        if "ubnd" in folded or "uy ban nhan dan" in folded:
            mentions = _merge(mentions, _local_bodies(text, folded))
        return mentions

    def run_at(self, text: str, pos: int, mentions: list[Mention] | None = None) -> list[Mention]:
        """The list of agencies that starts at `pos` ("X, Y và Z"), or [] if none starts there."""
        mentions = self.find(text) if mentions is None else mentions
        folded = fold(text)
        run: list[Mention] = []
        cursor = pos
        for m in mentions:
            if m.start < cursor:
                continue
            gap = folded[cursor : m.start]
            if (not run and gap.strip(" :")) or (run and not _is_separator(gap)):
                break
            run.append(m)
            cursor = m.end
        if not run:
            listed = self.expand_list(text, pos)
            if listed:
                return listed
            unknown = self.unknown_at(text, pos)
            return [unknown] if unknown else []
        return run

    def run_before(self, text: str, pos: int, mentions: list[Mention]) -> list[Mention]:
        """The list of agencies that ends right before `pos` (the subject of 'chủ trì')."""
        folded = fold(text)
        run: list[Mention] = []
        cursor = pos
        for m in reversed(mentions):
            if m.end > cursor:
                continue
            gap = folded[m.end : cursor]
            if (not run and gap.strip(" ,")) or (run and not _is_separator(gap)):
                break
            run.insert(0, m)
            cursor = m.start
        return run

    def expand_list(self, text: str, pos: int) -> list[Mention]:
        """'Các Phòng: Y tế, Giáo dục&Đào tạo, Công an' -> one mention per office."""
        folded = fold(text)
        m = re.compile(r"\s*cac (phong|so|hoi|ban|doan the)\s*:\s*").match(folded, pos)
        if not m:
            return []
        prefix = text[m.start(1) : m.end(1)].capitalize()
        out: list[Mention] = []
        cursor = m.end()
        item_stop = re.compile(r",|;|\.(?:\s|$)")
        while cursor < len(text):
            sep = item_stop.search(folded, cursor)
            item_end = sep.start() if sep else len(text)
            segment = text[cursor:item_end]
            start = cursor + len(segment) - len(segment.lstrip())
            found = self._match_prefixed(prefix, text, start, item_end)
            if found:
                end, agency = found
                out.append(Mention(start, end, text[start:end], agency))
                rest = folded[end:item_end]
                more = re.match(r"\s*va\s+", rest)
                if more:
                    # "Kinh tế và các cơ quan liên quan": the list goes on after "và".
                    cursor = end + more.end()
                    continue
                if rest.strip():
                    break
            elif 0 < len(segment.split()) <= 4 and segment.strip()[:1].isupper():
                end = cursor + len(segment.rstrip())
                out.append(Mention(start, end, f"{prefix} {segment.strip()}", None))
            else:
                break
            if not sep or folded[sep.start()] != ",":
                break
            cursor = sep.end()
        return out

    def _match_prefixed(self, prefix: str, text: str, start: int, stop: int) -> tuple[int, Agency | None] | None:
        item = text[start:stop]
        best: tuple[int, Agency | None] | None = None
        for candidate, offset in ((f"{prefix} {item}", len(prefix) + 1), (item, 0)):
            ms = self.find(candidate)
            if ms and ms[0].start == 0 and ms[0].end > offset:
                end = start + ms[0].end - offset
                if best is None or end > best[0]:
                    best = (end, ms[0].agency)
        return best

    def unknown_at(self, text: str, pos: int) -> Mention | None:
        """An agency-like name not in the table ('Trung tâm Y tế …'), kept as written."""
        folded = fold(text)
        start = pos + len(folded[pos:]) - len(folded[pos:].lstrip())
        if not _ORG_HEAD.match(folded, start) or not text[start : start + 1].isupper():
            return None
        stop = _NAME_STOP.search(folded, start + 3)
        end = stop.start() if stop else len(text)
        words = text[start:end].split()
        if not words or len(words) > 8:
            return None
        written = " ".join(words)
        return Mention(start, start + len(text[start:end].rstrip()), written, None)


_LOCAL_BODY = re.compile(r"\b(?:ubnd|uy ban nhan dan)\s+(xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh)\s+")
_NEXT_BODY = re.compile(r"\s*(?:,|\bva\b)\s*(xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho)\s+")
_PLACE = re.compile(r"(?:[A-ZĐÀ-Ỹ0-9][^\s,;.:()]*)(?:\s+[A-ZĐÀ-Ỹ0-9][^\s,;.:()]*){0,3}")


def _local_bodies(text: str, folded: str) -> list[Mention]:
    """'UBND đặc khu Vân Đồn, đặc khu Cô Tô': the people's committee of each named place, with
    its full name (Ủy ban nhân dân đặc khu Vân Đồn), also for places no table lists."""
    out: list[Mention] = []
    for m in _LOCAL_BODY.finditer(folded):
        level = text[m.start(1) : m.end(1)].lower()
        place = _PLACE.match(text, m.end())
        if not place:
            continue
        out.append(_local(m.start(), place.end(), text, level, place.group(0)))
        cursor = place.end()
        while True:
            nxt = _NEXT_BODY.match(folded, cursor)
            if not nxt:
                break
            place = _PLACE.match(text, nxt.end())
            if not place:
                break
            level = text[nxt.start(1) : nxt.end(1)].lower()
            out.append(_local(nxt.start(1), place.end(), text, level, place.group(0)))
            cursor = place.end()
    return out


def _local(start: int, end: int, text: str, level: str, place: str) -> Mention:
    if place.isupper():
        place = " ".join(w.capitalize() for w in place.split())
    return Mention(start, end, text[start:end], Agency(f"Ủy ban nhân dân {level} {place}", level=None))


def _merge(found: list[Mention], extra: list[Mention]) -> list[Mention]:
    if not extra:
        return found
    out = list(found)
    for e in extra:
        if not any(m.start < e.end and e.start < m.end for m in found):
            out.append(e)
    return sorted(out, key=lambda m: m.start)


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex for a set of words shaped as a prefix tree, so each position is tried once per
    letter instead of once per word (Python's re does not merge alternatives itself)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Longer words first: an optional tail, then the word that ends here.
        return f"(?:{body})?" if ends else body

    return "(?:" + build(trie) + ")"


def _is_separator(gap: str) -> bool:
    return bool(re.fullmatch(r"(?:\s|,|;|-|&|\bva\b|\bcung\b|\bcac\b|\bphuong\b|\bxa\b|\bthi tran\b)*", gap))


def _absorb_qualifiers(text: str, folded: str, end: int) -> int:
    while True:
        m = _QUALIFIER.match(folded, end)
        if not m:
            break
        end = m.end()
        word = folded[m.start() : m.end()].strip()
        if word in ("tinh", "huyen", "thanh pho", "quan", "thi xa"):
            place = re.compile(r"(?:\s+[A-ZĐÀ-Ỹ][^\s,;.:()]*){1,3}").match(text, end)
            if place and all(w[:1].isupper() for w in text[end : place.end()].split()):
                end = place.end()
    return end


@lru_cache(maxsize=1)
def default_table() -> tuple[Agency, ...]:
    raw = json.loads(resources.files(__package__).joinpath("data/agencies.json").read_text("utf-8"))
    return tuple(Agency.from_dict(d) for d in raw["agencies"])


@lru_cache(maxsize=8)
def default_matcher(level: str = "district") -> AgencyMatcher:
    return AgencyMatcher(default_table(), level=level)
