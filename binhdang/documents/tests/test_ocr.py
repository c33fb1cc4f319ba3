"""Scans: the seed rendered to an image-only PDF at 200 dpi and read back by OCR at that
resolution keeps every fact (../shared/tools/seedfacts.py); a photo of a page reads too."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from binhdang.conftest import require_program
from binhdang.documents.parsing import needs_ocr, parse_file, read_document
from binhdang.documents.parsing.ocr import ocr_dpi, repair

from .corpus_files import CORPUS, write_pdf
from .helpers import ROOT, SEED_TXT

SEEDFACTS = ROOT.parent.parent / "shared" / "tools" / "seedfacts.py"


def _seedfacts():
    candidates = [SEEDFACTS, Path("/work/shared/tools/seedfacts.py")]
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        pytest.skip("../shared/tools/seedfacts.py is not next to this checkout")
    spec = importlib.util.spec_from_file_location("seedfacts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """An image-only PDF, as a scanner makes it: each page a grey image at `dpi`."""
    from PIL import Image

    pdftoppm = require_program("pdftoppm", "renders PDF pages to images")
    subprocess.run([pdftoppm, "-r", str(dpi), "-gray", "-png", str(pdf), str(out / "page")], check=True)
    images = [Image.open(p) for p in sorted(out.glob("page*.png"))]
    target = out / "scan.pdf"
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


@pytest.fixture(scope="module")
def seed_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_program("tesseract", "reads scans (Debian: tesseract-ocr tesseract-ocr-vie)")
    out = tmp_path_factory.mktemp("seed-scan")
    pdf = write_pdf(SEED_TXT.read_text(encoding="utf-8"), out / "seed.pdf")
    return scan(pdf, out)


def test_the_seed_scanned_at_200_dpi_keeps_its_facts(seed_scan: Path) -> None:
    assert needs_ocr(seed_scan)
    with pytest.raises(Exception) as refused:
        read_document(seed_scan, ocr=False)
    assert getattr(refused.value, "code", None) == "needs_ocr"
    assert ocr_dpi(seed_scan) == 200  # read at the scan's own resolution, not upsampled (0393)
    plan = parse_file(seed_scan).to_json_dict()
    fails = _seedfacts().check_seed(plan)
    assert fails == []  # every fact, part III's tasks included ("III." read as "II." is put back)
    assert plan["text_source"] == "ocr"
    # The recogniser's own doubt lowers every confidence below that of the typed text.
    assert 0 < plan["confidence"]["number"] < 0.95


def test_a_photo_of_a_page_is_read(tmp_path: Path) -> None:
    require_program("tesseract", "reads scans (Debian: tesseract-ocr tesseract-ocr-vie)")
    pdftoppm = require_program("pdftoppm", "renders PDF pages to images")
    pdf = write_pdf((CORPUS / "hd-hoi-lhpn-tinh-2022.txt").read_text(encoding="utf-8"), tmp_path / "hd.pdf")
    subprocess.run([pdftoppm, "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "anh")], check=True)
    photo = tmp_path / "anh.png"
    plan = parse_file(photo).to_json_dict()
    doc = plan["document"]
    assert (doc["number"], doc["type"], doc["date"]) == ("24/HD-HPN", "HD", "2022-04-04")
    assert plan["signer"]["name"] == "Lê Thị Hoa"
    assert plan["tasks"][0]["lead"] == ["Hội Liên hiệp Phụ nữ"]


def test_common_recognition_slips_are_repaired_in_context_only() -> None:
    assert repair("công tác bình đăng giới và phụ nừ") == "công tác bình đẳng giới và phụ nữ"
    assert repair("Số; 45/KH-UBND ngày 12 /3/ 2018") == "Số: 45/KH-UBND ngày 12/3/2018"
    # "đăng" alone (đăng ký, đăng tải) is a real word and stays.
    assert repair("đăng ký kết hôn") == "đăng ký kết hôn"
