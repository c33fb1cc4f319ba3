"""Bar charts by sex drawn with Pillow (no matplotlib): PNG bytes for both document formats."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .model import format_number

FEMALE = (192, 57, 93)
MALE = (46, 104, 160)
GRID = (210, 210, 210)
INK = (0, 0, 0)

# Times New Roman, as the documents' text (NĐ 30/2020); on Debian the metric-compatible Tinos
# (fonts-croscore) or Liberation Serif 2 (fonts-liberation2), which fontconfig substitutes.
CHART_FONT = "Times New Roman"
_FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
)
_METRIC_COMPATIBLE = ("times", "tinos", "liberationserif")


@functools.cache
def font_path(family: str = CHART_FONT) -> str | None:
    """The font file fontconfig picks for `family` (`fc-match`), else a known Debian path.

    For Times New Roman only a metric-compatible face is taken (Times New Roman itself, Tinos
    or Liberation Serif 2), never fontconfig's last-resort substitute."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            out = subprocess.run(  # noqa: S603 - fixed program, our own argument
                [fc_match, "-f", "%{file}", family], capture_output=True, text=True, timeout=5, check=False
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        plain = Path(out).name.lower().replace(" ", "").replace("-", "").replace("_", "") if out else ""
        wanted = family != CHART_FONT or any(name in plain for name in _METRIC_COMPATIBLE)
        if out and wanted and Path(out).exists() and out.lower().endswith((".ttf", ".otf")):
            return out
    for candidate in _FALLBACK_FONTS:
        if Path(candidate).exists():
            return candidate
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines[:3] or [""]


def bar_chart_by_sex(
    categories: list[str],
    female: list[float | int | None],
    male: list[float | int | None],
    *,
    title: str = "",
    width: int = 1500,
    height: int = 800,
) -> bytes:
    """Grouped bars (Nữ, Nam) per category with value labels; returns PNG bytes.

    Drawn at about 250 dpi for a 150 mm wide figure, so it prints sharply.
    """
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, label_font, small_font = _font(46), _font(36), _font(31)
    top = 30
    if title:
        for line in _wrap(draw, title, title_font, width - 80):
            draw.text((width / 2, top), line, font=title_font, fill=INK, anchor="ma")
            top += 56
    legend_y = top + 8
    legend_x = width / 2 - 160
    for label, colour, dx in (("Nữ", FEMALE, 0), ("Nam", MALE, 180)):
        draw.rectangle([legend_x + dx, legend_y, legend_x + dx + 30, legend_y + 34], fill=colour)
        draw.text((legend_x + dx + 42, legend_y + 17), label, font=label_font, fill=INK, anchor="lm")
    plot_left, plot_right = 130, width - 40
    plot_top, plot_bottom = legend_y + 80, height - 150
    values = [v for v in [*female, *male] if v is not None]
    peak = max(values, default=0) or 1
    step = _nice_step(peak / 5)
    top_value = step * max(1, -(-peak // step))
    for i in range(int(top_value / step) + 1):
        tick = i * step
        y = plot_bottom - (plot_bottom - plot_top) * tick / top_value
        draw.line([plot_left, y, plot_right, y], fill=GRID, width=2)
        draw.text((plot_left - 12, y), format_number(tick), font=small_font, fill=INK, anchor="rm")
    draw.line([plot_left, plot_top, plot_left, plot_bottom], fill=INK, width=3)
    draw.line([plot_left, plot_bottom, plot_right, plot_bottom], fill=INK, width=3)
    n = max(1, len(categories))
    slot = (plot_right - plot_left) / n
    bar = min(90.0, slot * 0.32)
    for i, category in enumerate(categories):
        centre = plot_left + slot * (i + 0.5)
        for value, colour, offset in ((female[i], FEMALE, -bar - 3), (male[i], MALE, 3)):
            if value is None:
                continue
            y = plot_bottom - (plot_bottom - plot_top) * value / top_value
            x0 = centre + offset
            if y < plot_bottom - 1:  # a zero draws no bar, only its label
                draw.rectangle([x0, y, x0 + bar, plot_bottom - 1], fill=colour)
            draw.text((x0 + bar / 2, y - 6), format_number(value), font=small_font, fill=INK, anchor="md")
        for j, line in enumerate(_wrap(draw, category, small_font, int(slot) - 10)):
            draw.text((centre, plot_bottom + 14 + j * 38), line, font=small_font, fill=INK, anchor="ma")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True, dpi=(254, 254))
    return buffer.getvalue()


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            step = factor * magnitude
            return int(step) if float(step).is_integer() else step
    return 10 * magnitude
