"""The outline of the body: parts, Roman and Arabic headings, lettered items, bullets and
assignment tables, built into a tree whose labels ("III.1") become section and task ids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .textutil import fold, is_upper_line

RANK = {"part": 0, "article": 1, "roman": 1, "arabic": 2, "arabic2": 3, "letter": 4, "dash": 5, "plus": 6}
SECTION_KINDS = ("part", "article", "roman", "arabic", "arabic2", "letter")
BULLET_KINDS = ("dash", "plus")
_PART_NUMBERS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN = re.compile(r"^([IVXL]{1,6})\s*[.:/)\-–]\s*(\S.*)$")
_PART = re.compile(r"^phan thu\s+(nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi|[ivxl]+|\d+)\b\s*[:.\-–]?\s*(.*)$")
_ARTICLE = re.compile(r"^dieu\s+(\d{1,3})\s*[.:]\s*(.*)$")
_ARABIC2 = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
_ARABIC = re.compile(r"^(\d{1,2})\s*[.)]\s*(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\s*\)\s*(\S.*)$")
_BULLET = re.compile(r"^([-–—•*·+])\s*([^\W\d_].*|\d.*)$", re.S)
# Upper-case words kept as written when a heading is put in sentence case.
_KEEP_UPPER = {"UBND", "HĐND", "BĐG", "VSTBPN", "MTTQ", "LHPN", "TW", "CP", "KT-XH", "BCH", "CB", "CC", "VC"}


@dataclass
class Node:
    kind: str
    marker: str
    text: str
    body: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    label: str = ""

    @property
    def is_section(self) -> bool:
        return self.kind in SECTION_KINDS


def _roman_value(s: str) -> int:
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN_VALUES[ch]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total


def classify(par: str) -> tuple[str, str, str] | None:
    """(kind, marker, text) for a paragraph that starts a list item or heading, else None."""
    if par.startswith("|"):
        return ("row", "", par)
    folded = fold(par)
    m = _PART.match(folded)
    if m:
        word = m.group(1)
        n = _PART_NUMBERS.get(word) or (int(word) if word.isdigit() else _roman_value(word.upper()) if re.fullmatch(r"[ivxl]+", word) else 0)
        return ("part", str(n), par[m.start(2) :].strip())
    m = _ARTICLE.match(folded)
    if m:
        return ("article", m.group(1), par[m.start(2) :].strip())
    m = _ROMAN.match(par)
    if m and 0 < _roman_value(m.group(1)) <= 20 and re.fullmatch(r"X{0,2}(IX|IV|V?I{0,3})", m.group(1)):
        return ("roman", m.group(1), m.group(2).strip())
    m = _ARABIC2.match(par)
    if m:
        return ("arabic2", m.group(1), m.group(2).strip())
    m = _ARABIC.match(par)
    if m:
        return ("arabic", m.group(1), m.group(2).strip())
    m = _LETTER.match(par)
    if m:
        return ("letter", m.group(1), m.group(2).strip())
    m = _BULLET.match(par)
    if m:
        return ("plus" if m.group(1) == "+" else "dash", m.group(1), m.group(2).strip())
    return None


def build_tree(paragraphs: list[str]) -> Node:
    root = Node("root", "", "")
    stack = [root]
    for par in paragraphs:
        c = classify(par)
        top = stack[-1]
        if c is None and top.kind == "part" and not top.text and not top.body and not top.children and is_upper_line(par):
            # "Phần thứ nhất" on its own line, its title on the next one.
            top.text = par
            continue
        if c is None:
            while stack[-1].kind in BULLET_KINDS:
                stack.pop()
            stack[-1].body.append(par)
            continue
        kind, marker, text = c
        if kind == "row":
            cells = [cell.strip() for cell in par.strip().strip("|").split("|")]
            while stack[-1].kind in BULLET_KINDS:
                stack.pop()
            parent = stack[-1]
            if not parent.children or parent.children[-1].kind != "table":
                parent.children.append(Node("table", "", ""))
            parent.children[-1].rows.append(cells)
            continue
        rank = RANK[kind]
        while len(stack) > 1 and RANK[stack[-1].kind] >= rank:
            stack.pop()
        node = Node(kind, marker, text)
        stack[-1].children.append(node)
        stack.append(node)
    _assign_labels(root, "")
    return root


def _assign_labels(node: Node, prefix: str) -> None:
    for child in node.children:
        if child.kind == "part":
            child.label = f"P{child.marker}"
        elif child.kind == "article":
            child.label = f"Đ{child.marker}"
        elif child.kind in ("roman", "letter", "arabic"):
            child.label = f"{prefix}.{child.marker}" if prefix else child.marker
        elif child.kind == "arabic2":
            base = prefix
            if node.kind == "arabic" and child.marker.startswith(node.marker + "."):
                base = prefix.rsplit(".", 1)[0] if "." in prefix else ""
            child.label = f"{base}.{child.marker}" if base else child.marker
        else:
            child.label = prefix
        _assign_labels(child, child.label if child.is_section else prefix)


def is_paragraph_like(text: str) -> bool:
    """A numbered line that carries a whole paragraph rather than a heading."""
    return text.rstrip().endswith((".", ";", ",")) or len(text) > 180 or bool(re.search(r"\.\s+[A-ZĐÀ-Ỹ]", text))


def section_title(text: str) -> str:
    text = text.rstrip(" :")
    if is_upper_line(text):
        words = text.split()
        out = []
        for i, w in enumerate(words):
            core = w.strip(",.;:()")
            if core in _KEEP_UPPER:
                out.append(w)
            else:
                out.append(w.capitalize() if i == 0 else w.lower())
        text = " ".join(out)
    if is_paragraph_like(text) and len(text) > 100:
        cut = text[:100].rsplit(" ", 1)[0].rstrip(" ,;:")
        text = cut + " …"
    return text


def sections_json(node: Node) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for child in node.children:
        if child.kind in ("part", "article", "roman", "arabic", "arabic2") or (
            child.kind == "letter" and any(c.kind != "table" for c in child.children)
        ):
            out.append({"label": child.label, "title": section_title(child.text), "children": sections_json(child)})
    return out
