"""Read scans (image-only PDFs, JPEG/PNG photos) with Tesseract's Vietnamese data, at the scan's
own resolution; words go back on their lines with column gaps kept, so headers and tables read as
from a PDF's text layer. Needs tesseract + tesseract-ocr-vie, and poppler's pdftoppm for PDFs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParseError

OCR_DPI = 300
MAX_OCR_PAGES = 50
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float  # mean word confidence, 0–1
    pages: int


def available() -> bool:
    return shutil.which("tesseract") is not None


def _missing() -> ParseError:
    return ParseError(
        "ocr_unavailable",
        "Tệp là ảnh quét nhưng máy chủ chưa cài chương trình nhận dạng chữ (Tesseract với dữ liệu "
        "tiếng Việt). Hãy dùng bản .docx hoặc PDF có lớp chữ, hoặc nhờ quản trị cài tesseract-ocr-vie.",
        "The file is a scan but the server has no OCR program (Tesseract with Vietnamese data). Use the "
        ".docx or a PDF with a text layer, or ask the administrator to install tesseract-ocr-vie.",
    )


def scan_dpi(path: Path) -> int | None:
    """The resolution the PDF's page images were scanned at (pdfimages -list), when they agree
    within 10 %; None for a PDF without images or when poppler's pdfimages is missing."""
    program = shutil.which("pdfimages")
    if program is None:
        return None
    try:
        listing = subprocess.run([program, "-list", "-l", "3", str(path)], capture_output=True,  # noqa: S603
                                 text=True, timeout=30, check=False).stdout.splitlines()
    except subprocess.TimeoutExpired:
        return None
    if len(listing) < 3 or "x-ppi" not in listing[0]:
        return None
    column = listing[0].split().index("x-ppi")
    values = []
    for row in listing[2:]:
        cells = row.split()
        if len(cells) > column and cells[column].isdigit():
            values.append(int(cells[column]))
    if not values or max(values) > 1.1 * min(values):
        return None
    return round(sum(values) / len(values))


def ocr_dpi(path: Path) -> int:
    """Read a scan at the resolution it was made at (150–400 dpi): upsampling a 200-dpi scan to
    300 costs 2.25 times the pixels and gives Tesseract nothing it can read better; outside
    that range, or when unknown, OCR_DPI."""
    native = scan_dpi(path)
    return native if native is not None and 150 <= native <= 400 else OCR_DPI


def _pdf_pages(path: Path, workdir: Path, dpi: int) -> list[Path]:
    program = shutil.which("pdftoppm")
    if program is None:
        raise _missing()
    prefix = workdir / "page"
    try:
        # Every argument is ours: the program's full path, numbers and two temporary paths.
        # Raw grey pages (PGM): no compression to pay for on the way out or back in.
        subprocess.run([program, "-r", str(dpi), "-gray", "-l", str(MAX_OCR_PAGES), str(path),  # noqa: S603
                        str(prefix)], check=True, capture_output=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        raise ParseError("pdf_invalid", "Không chuyển được các trang PDF thành ảnh để nhận dạng chữ.",
                         "Cannot render the PDF pages to images for OCR.") from None
    return sorted(workdir.glob("page*.pgm"))


def ocr_file(path: Path, *, progress: Progress | None = None, dpi: int | None = None) -> OcrResult:
    """The text of a scanned PDF or an image file; `progress(done, total)` after each page."""
    if not available():
        raise _missing()
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="binhdang-ocr-") as tmp:
        if path.suffix.lower() in IMAGE_SUFFIXES or not path.read_bytes()[:5].startswith(b"%PDF"):
            pages = [path]
        else:
            pages = _pdf_pages(path, Path(tmp), dpi or ocr_dpi(path))
        if not pages:
            raise ParseError("pdf_no_text", "PDF không có trang nào để nhận dạng chữ.", "The PDF has no pages to OCR.")
        texts: list[str] = []
        confs: list[float] = []
        for n, page in enumerate(pages, start=1):
            try:
                with Image.open(page) as img:
                    grey = img.convert("L")
                    cleaned = remove_rules(grey)
                    if cleaned is not grey or page.suffix.lower() != ".pgm":
                        page = Path(tmp) / f"ocr-{n}.pgm"
                        cleaned.save(page)
            except Exception:  # Pillow raises many types for a broken image
                raise ParseError("image_invalid", "Không đọc được tệp ảnh; tệp có thể bị hỏng.",
                                 "Cannot read the image file; it may be damaged.") from None
            data = _tesseract_data(page)
            text, page_confs = _lines(data)
            texts.append(repair(text))
            confs.extend(page_confs)
            if progress:
                progress(n, len(pages))
    mean = sum(confs) / len(confs) / 100 if confs else 0.0
    return OcrResult(renumber_parts("\n\n".join(texts)), round(mean, 3), len(pages))


def _tesseract_data(page: Path) -> dict[str, list[Any]]:
    """Tesseract's words with their boxes and confidences (its TSV), read from the page file
    itself: no copy of the image is encoded on the way."""
    program = shutil.which("tesseract")
    if program is None:
        raise _missing()
    try:
        # Every argument is ours: the program's full path, a temporary page and fixed options.
        done = subprocess.run([program, str(page), "stdout", "-l", "vie", "--psm", "6", "tsv"],  # noqa: S603
                              capture_output=True, timeout=300, check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        raise ParseError("ocr_failed", "Chương trình nhận dạng chữ không đọc được một trang của tệp.",
                         "The OCR program could not read a page of the file.") from None
    rows = done.stdout.decode("utf-8", "replace").splitlines()
    keys = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")
    data: dict[str, list[Any]] = {k: [] for k in keys}
    head = rows[0].split("\t") if rows else []
    index = {name: head.index(name) for name in keys if name in head}
    if len(index) < len(keys):
        return data
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) < len(head):
            cells += [""] * (len(head) - len(cells))
        for name in keys[:-2]:
            data[name].append(int(cells[index[name]] or 0))
        data["conf"].append(float(cells[index["conf"]] or -1))
        data["text"].append(cells[index["text"]])
    return data


def remove_rules(image: Any) -> Any:
    """The page without the rules of its tables: long dark runs, vertical or horizontal, are
    whitened, so Tesseract reads the cells instead of taking the grid for letters or dropping
    the row that touches it. Found by averaging blocks of about one text line along the run."""
    from PIL import Image, ImageChops, ImageFilter

    w, h = image.size
    k = max(20, min(w, h) // 45)
    masks = []
    smalls = []
    for size in ((w, max(1, h // k)), (max(1, w // k), h)):
        small = image.resize(size, Image.Resampling.BOX).point(lambda v: 255 if v < 80 else 0)
        shift = (0, 1) if size[0] == w else (1, 0)
        before = ImageChops.offset(small, *shift)
        after = ImageChops.offset(small, -shift[0], -shift[1])
        # A rule stays solid over three blocks in a row; no letter or bold word does.
        core = ImageChops.multiply(ImageChops.multiply(small, before), after)
        run = ImageChops.lighter(core, ImageChops.lighter(ImageChops.offset(core, *shift),
                                                          ImageChops.offset(core, -shift[0], -shift[1])))
        smalls.append(run)
        masks.append(run)
    if not any(m.getbbox() for m in smalls):
        return image
    masks = [m.resize((w, h), Image.Resampling.NEAREST) for m in masks]
    mask = ImageChops.lighter(masks[0], masks[1]).filter(ImageFilter.MaxFilter(5))
    return Image.composite(Image.new("L", (w, h), 255), image, mask)


def _lines(data: dict[str, list[Any]]) -> tuple[str, list[float]]:
    """Rebuild lines from Tesseract's words: a wide gap between two words becomes as many
    spaces as characters would fill it, and each line starts at its column."""
    words: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    confs: list[float] = []
    widths: list[float] = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word or word in ("_", "—", "|") or (
                word.strip("|[]!Il1") == "" and len(word) <= 2 and data["height"][i] > 2.5 * data["width"][i]):
            continue  # a table rule read as a letter or a dash
        conf = float(data["conf"][i])
        if conf >= 0:
            confs.append(conf)
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.setdefault(key, []).append((data["left"][i], data["width"][i], word))
        widths.append(data["width"][i] / max(len(word), 1))
    if not words:
        return "", confs
    char = sorted(widths)[len(widths) // 2] or 10.0
    origin = min(w[0][0] for w in words.values())
    out: list[str] = []
    previous_block = None
    for key in sorted(words, key=lambda k: (k[0], k[1], k[2])):
        if previous_block is not None and key[:2] != previous_block:
            out.append("")
        previous_block = key[:2]
        line = ""
        cursor = origin
        for left, width, word in sorted(words[key]):
            spaces = round((left - cursor) / char)
            if not line:
                line = " " * max(0, spaces)
            else:
                line += " " * (spaces if spaces >= 3 else 1)
            line += word
            cursor = left + width
        out.append(line.rstrip())
    return "\n".join(out), confs


# Slips Tesseract makes on Vietnamese print: a tone or hook lost or doubled on a frequent word.
# Only whole words in context are repaired, never a letter alone.
_REPAIRS = (
    (r"\bbình (?:đăng|đằng|đẵng|đắng|dẳng|dang) giới\b", "bình đẳng giới"),
    (r"\bBình (?:đăng|đằng|đẵng|đắng) giới\b", "Bình đẳng giới"),
    (r"\bBÌNH (?:ĐĂNG|ĐẰNG|ĐẴNG) GIỚI\b", "BÌNH ĐẲNG GIỚI"),
    (r"\bbình đẳng giói\b", "bình đẳng giới"),
    (r"\bphụ nừ\b", "phụ nữ"),
    (r"\bPhụ nừ\b", "Phụ nữ"),
    (r"\btiền bộ\b", "tiến bộ"),
    (r"\bThương binh và Xà hội\b", "Thương binh và Xã hội"),
    (r"\bNơi nhân\s*:", "Nơi nhận:"),
    (r"\bKinh gửi\s*:", "Kính gửi:"),
    (r"\bSố\s*[:;.,]\s*", "Số: "),
    (r"\bCỘNG HOÀ\b", "CỘNG HÒA"),
    (r"\bngày\s+(\d{1,2})\s*[/|l]\s*(\d{1,2})\s*[/|l]\s*(\d{4})", r"ngày \1/\2/\3"),
)
_COMPILED = tuple((re.compile(a), b) for a, b in _REPAIRS)


def repair(text: str) -> str:
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    # "|" read for "l" or "I" inside words is common; a lone pipe between words stays.
    return re.sub(r"(?<=[a-zà-ỹ])\|(?=[a-zà-ỹ])", "l", text)


_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_ROMAN_NAMES = {v: k for k, v in _ROMAN_VALUES.items()}
_PART_HEADING = re.compile(
    r"^(\s*)(X|IX|VIII|VII|VI|V|IV|III|II|I|Il|Ill|lI|lll)(\s*[.:,;]\s+|L\s+)(?=[A-ZĐÀ-Ỹ]{2})", re.M)


def renumber_parts(text: str) -> str:
    """Part headings in order: Tesseract drops a stroke of a Roman numeral ('III.' read 'II.',
    'Il.'), which would put a whole part under the one before. A part's number that does not
    follow the last one's becomes the next number."""
    last = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal last
        value = _ROMAN_VALUES.get(m.group(2).replace("l", "I"), 0)
        if value != last + 1 and last + 1 in _ROMAN_NAMES and value in (last, last - 1, 0):
            value = last + 1
        last = value
        return m.group(1) + _ROMAN_NAMES.get(value, m.group(2)) + ". "

    return _PART_HEADING.sub(fix, text)


def thread_limit() -> None:
    """One OCR thread per job: the worker shares the machine with the web server."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
