"""Shared helpers for the parser tests: paths, a readable JSON diff and tiny file builders."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
SEED_TXT = ROOT / "binhdang" / "fixtures" / "plans" / "268-KH-UBND-2017.txt"
SEED_JSON = ROOT / "binhdang" / "fixtures" / "plans" / "268-KH-UBND-2017.json"
SAMPLES = Path(__file__).resolve().parent / "samples"


def json_diff(got: Any, expected: Any, path: str = "$") -> list[str]:
    """Differences as 'path: got … expected …' lines, so a failing assert says where."""
    if type(got) is not type(expected):
        return [f"{path}: got {got!r:.200} expected {expected!r:.200}"]
    if isinstance(got, dict):
        out = []
        for key in sorted(set(got) | set(expected)):
            if key not in got:
                out.append(f"{path}.{key}: missing")
            elif key not in expected:
                out.append(f"{path}.{key}: unexpected {got[key]!r:.200}")
            else:
                out.extend(json_diff(got[key], expected[key], f"{path}.{key}"))
        return out
    if isinstance(got, list):
        out = [f"{path}: {len(got)} items, expected {len(expected)}"] if len(got) != len(expected) else []
        for i, (a, b) in enumerate(zip(got, expected, strict=False)):
            out.extend(json_diff(a, b, f"{path}[{i}]"))
        return out
    return [] if got == expected else [f"{path}: got {got!r} expected {expected!r}"]


def make_pdf(lines: list[str] | None) -> bytes:
    """A minimal one-page PDF: ASCII lines in Helvetica, or (None) a page with only a drawing."""
    if lines is None:
        content = b"0.5 g 50 50 200 200 re f"
    else:
        parts = []
        y = 800
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            parts.append(f"BT /F1 10 Tf 40 {y} Td ({escaped}) Tj ET")
            y -= 14
        content = "\n".join(parts).encode("latin-1")
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
