"""The serif every document draws and embeds, chosen the same way on every machine.

NĐ 30/2020 sets Times New Roman. A server seldom has it, so the documents take a serif that
has its metrics (the same advance width for every letter, hence the same line and page
breaks) and covers every Vietnamese letter: Liberation Serif 2 (Debian's
`fonts-liberation2`), else Tinos (`fonts-croscore`). `BINHDANG_DOCUMENT_FONT_DIR` names a
folder holding another family's four files (Times New Roman itself, for instance).

The choice never goes through fontconfig's aliases, whose answer (and the name a PDF then
carries) changes with the packages and caches of the machine (decision 0352): the PDF
template, the charts and the signature stamp read the files this module names, after
checking them for what they are: their family, their coverage of the Vietnamese letters
and their metrics.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")

# Candidate families in order: (family name the file must carry, folder, file name pattern).
CANDIDATES: tuple[tuple[str, str, str], ...] = (
    ("Liberation Serif", "/usr/share/fonts/truetype/liberation2", "LiberationSerif-{style}.ttf"),
    ("Tinos", "/usr/share/fonts/truetype/croscore", "Tinos-{style}.ttf"),
)
# Times New Roman's own file names, for BINHDANG_DOCUMENT_FONT_DIR (Windows' and Monotype's).
_TNR_FILES = {"Regular": ("times.ttf", "TimesNewRoman.ttf", "Times New Roman.ttf"),
              "Bold": ("timesbd.ttf", "TimesNewRomanBold.ttf", "Times New Roman Bold.ttf"),
              "Italic": ("timesi.ttf", "TimesNewRomanItalic.ttf", "Times New Roman Italic.ttf"),
              "BoldItalic": ("timesbi.ttf", "TimesNewRomanBoldItalic.ttf",
                             "Times New Roman Bold Italic.ttf")}

# Times New Roman's advance widths (regular face, per 2,048 units of the em) of letters that
# set the length of a line; a metric-compatible face has exactly these.
TNR_ADVANCES = {"a": 909, "e": 909, "i": 569, "n": 1024, "o": 1024, "s": 797, "A": 1479,
                "E": 1251, "H": 1479, "M": 1821, "W": 1933, "0": 1024, "1": 1024, "5": 1024,
                "9": 1024, ".": 512, ",": 512, ";": 569, "(": 682, ")": 682, "-": 682, " ": 512}


def vietnamese_letters() -> str:
    """Every letter of Vietnamese, lower and upper case: the 12 vowels with each of the five
    tone marks, and đ."""
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền sắc ngã hỏi nặng
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    letters |= set("bcdghklmnpqrstvx")
    return "".join(sorted(letters | {c.upper() for c in letters}))


@dataclass(frozen=True)
class DocumentFont:
    family: str
    files: dict[str, Path]  # style → file

    @property
    def regular(self) -> Path:
        return self.files["Regular"]


def font_problems(path: Path, family: str | None = None, *, style: str = "Regular") -> list[str]:
    """What is wrong with a font file for the documents (empty when it fits): its family,
    the Vietnamese letters it lacks, and the metrics that differ from Times New Roman's."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(str(path), lazy=True)
    except (OSError, TTLibError) as exc:
        return [f"{path}: {exc}"]
    problems: list[str] = []
    names = {font["name"].getDebugName(1) or "", font["name"].getDebugName(16) or ""}
    if family and family not in names:
        problems.append(f"{path}: family {sorted(names)} is not {family}")
    cmap = font.getBestCmap() or {}
    missing = [c for c in vietnamese_letters() if ord(c) not in cmap]
    if missing:
        problems.append(f"{path}: lacks {len(missing)} Vietnamese letters ({''.join(missing[:20])}…)")
    if style == "Regular":
        scale = 2048 / font["head"].unitsPerEm
        hmtx = font["hmtx"]
        wrong = [c for c, width in TNR_ADVANCES.items()
                 if ord(c) not in cmap or round(hmtx[cmap[ord(c)]][0] * scale) != width]
        if wrong:
            problems.append(f"{path}: advance widths of {''.join(wrong)!r} differ from Times New Roman's")
    return problems


def _from_dir(folder: Path) -> DocumentFont | None:
    files: dict[str, Path] = {}
    for style in STYLES:
        found = next((folder / n for n in _TNR_FILES[style] if (folder / n).is_file()), None)
        if found is None:
            return None
        files[style] = found
    return DocumentFont("Times New Roman", files)


@functools.cache
def document_font() -> DocumentFont:
    """The serif of every document (decision 0352); `DomainError` when none is installed."""
    checked: list[str] = []
    configured = os.environ.get("BINHDANG_DOCUMENT_FONT_DIR", "").strip()
    options: list[DocumentFont] = []
    if configured:
        folder = Path(configured)
        option = _from_dir(folder)
        if option is None:  # a folder of one of the candidate families, with their file names
            for family, _dir, pattern in CANDIDATES:
                files = {s: folder / pattern.format(style=s) for s in STYLES}
                if all(p.is_file() for p in files.values()):
                    option = DocumentFont(family, files)
                    break
        if option is None:
            checked.append(f"{folder}: no Times New Roman, Liberation Serif or Tinos files")
        else:
            options.append(option)
    else:
        for family, folder_name, pattern in CANDIDATES:
            files = {s: Path(folder_name) / pattern.format(style=s) for s in STYLES}
            if all(p.is_file() for p in files.values()):
                options.append(DocumentFont(family, files))
            else:
                checked.append(f"{folder_name}: not installed")
    for option in options:
        problems = [p for s, f in option.files.items()
                    for p in font_problems(f, None if option.family == "Times New Roman" else option.family,
                                           style=s)]
        if not problems:
            return option
        checked.extend(problems)
    raise DomainError(
        _("Máy chủ chưa có phông chữ cho văn bản (Liberation Serif 2 hoặc Tinos, cùng cỡ chữ với "
          "Times New Roman và đủ chữ tiếng Việt): cài gói fonts-liberation2. Đã kiểm tra: %(checked)s")
        % {"checked": "; ".join(checked)},
        code="document_font_missing",
    )


def font_face_css() -> str:
    """@font-face rules for the chosen files, under their own family name (the name the PDF
    then carries); the template's text is in `document_font().family`."""
    font = document_font()
    rules = []
    for style, path in font.files.items():
        weight = "bold" if "Bold" in style else "normal"
        italic = "italic" if "Italic" in style else "normal"
        rules.append(f'@font-face {{ font-family: "{font.family}"; src: url("{path.as_uri()}"); '
                     f"font-weight: {weight}; font-style: {italic}; }}")
    return "\n".join(rules)
