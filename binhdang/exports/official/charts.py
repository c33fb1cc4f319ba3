"""Bar charts drawn with Pillow (no matplotlib): PNG bytes for both document formats. By sex
(grouped Nữ/Nam bars) and one series (horizontal bars, e.g. units by reporting state)."""

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

# Times New Roman, as the documents' text (NĐ 30/2020): the same files the PDF embeds
# (fonts.document_font: Liberation Serif 2 or Tinos, chosen without fontconfig, decision 0352).
CHART_FONT = "Times New Roman"


@functools.cache
def font_path(family: str = CHART_FONT) -> str | None:
    """The file of `family`: the documents' serif for Times New Roman, else the file
    fontconfig picks (`fc-match`) for another family, or None."""
    if family == CHART_FONT:
        from .fonts import document_font

        return str(document_font().regular)
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    try:
        out = subprocess.run(  # noqa: S603 - fixed program, our own argument
            [fc_match, "-f", "%{file}", family], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if out and Path(out).exists() and out.lower().endswith((".ttf", ".otf")):
        return out
    return None


def _font(size: int) -> ImageFont.FreeTypeFont:
    from .fonts import document_font

    return ImageFont.truetype(str(document_font().regular), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > 3:  # never cut a label silently: the third line ends with "…"
        lines = [*lines[:2], " ".join(lines[2:])]
        while draw.textlength(lines[2] + "…", font=font) > width and " " in lines[2]:
            lines[2] = lines[2].rsplit(" ", 1)[0]
        lines[2] += "…"
    return lines or [""]


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


def bar_chart(
    categories: list[str],
    series: list[tuple[str, list[int | float | None], tuple[int, int, int]]],
    *,
    unit: str = "",
    width: int = 1500,
) -> bytes:
    """Horizontal bars: for each category one bar per series (label, values, colour), each
    with its value written at its end, a legend when there are two series or more, category
    labels wrapped on up to three lines; returns PNG bytes (about 250 dpi for 150 mm)."""
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    label_font, small_font = _font(34), _font(31)
    label_w = 600
    wrapped = [_wrap(probe, c, label_font, label_w - 30) for c in categories]
    bar_h = 40
    rows = [max(len(lines) * 40 + 16, len(series) * (bar_h + 6) + 24) for lines in wrapped]
    legend_h = 70 if len(series) > 1 else 0
    plot_left, plot_right, plot_top = label_w + 20, width - 150, 30 + legend_h
    plot_bottom = plot_top + sum(rows)
    height = plot_bottom + (110 if unit else 70)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    if legend_h:
        x: float = plot_left
        for label, _values, colour in series:
            draw.rectangle([x, 30, x + 30, 64], fill=colour)
            draw.text((x + 42, 47), label, font=label_font, fill=INK, anchor="lm")
            x += 60 + draw.textlength(label, font=label_font) + 40
    values = [v for _label, vs, _c in series for v in vs if v is not None]
    peak = max(values, default=0) or 1
    step = _nice_step(peak / 5)
    top_value = step * max(1, -(-peak // step))
    for i in range(int(top_value / step) + 1):
        tick = i * step
        x = plot_left + (plot_right - plot_left) * tick / top_value
        draw.line([x, plot_top, x, plot_bottom], fill=GRID, width=2)
        draw.text((x, plot_bottom + 12), format_number(tick), font=small_font, fill=INK, anchor="ma")
    draw.line([plot_left, plot_top, plot_left, plot_bottom], fill=INK, width=3)
    draw.line([plot_left, plot_bottom, plot_right, plot_bottom], fill=INK, width=3)
    if unit:
        draw.text((plot_right, plot_bottom + 60), unit, font=small_font, fill=INK, anchor="ra")
    y = plot_top
    for i, lines in enumerate(wrapped):
        middle = y + rows[i] / 2
        for j, line in enumerate(lines):
            draw.text((plot_left - 16, middle + (j - (len(lines) - 1) / 2) * 40), line,
                      font=label_font, fill=INK, anchor="rm")
        y0 = middle - len(series) * (bar_h + 6) / 2
        for _label, vs, colour in series:
            value = vs[i]
            if value is not None:
                x1 = plot_left + (plot_right - plot_left) * value / top_value
                if x1 > plot_left + 1:  # a zero draws no bar, only its label
                    draw.rectangle([plot_left + 2, y0, x1, y0 + bar_h], fill=colour)
                draw.text((x1 + 10, y0 + bar_h / 2), format_number(value), font=small_font, fill=INK, anchor="lm")
            y0 += bar_h + 6
        y += rows[i]
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
