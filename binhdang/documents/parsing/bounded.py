"""Read and parse a document in a fresh child process limited by setrlimit (memory, CPU)
and a wall-clock budget, so a pathological file is refused, never fed to a web worker.
Pure Python, no Django; why a subprocess: docs/decisions/0185-parsing-in-a-bounded-child.md."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParseError

SECONDS = 4.0  # wall-clock budget of one document (the 5-second refusal includes start-up)
MEMORY_MB = 256  # address space of the child: its resident memory stays below this
_ROOT = Path(__file__).resolve().parents[3]  # the checkout that holds the `binhdang` package


@dataclass(frozen=True)
class BoundedResult:
    plan: dict[str, Any]
    text: str


def _too_slow(seconds: float) -> ParseError:
    return ParseError(
        "too_slow",
        f"Văn bản quá phức tạp để đọc trong {seconds:g} giây nên đã bị từ chối. Hãy lưu lại văn bản "
        "gọn hơn (chỉ phần nội dung kế hoạch) hoặc dán nội dung vào tệp .txt rồi tải lên lại.",
        f"The document is too complex to read within {seconds:g} seconds and was refused. Save a "
        "leaner copy (the plan's text only) or paste the text into a .txt file and upload that.",
    )


def _too_big(memory_mb: int) -> ParseError:
    return ParseError(
        "too_much_memory",
        f"Đọc văn bản này cần quá {memory_mb} MB bộ nhớ nên đã bị từ chối. Hãy lưu lại văn bản gọn "
        "hơn (bỏ ảnh, bảng thừa) hoặc dán nội dung vào tệp .txt rồi tải lên lại.",
        f"Reading this document needs more than {memory_mb} MB of memory and was refused. Save a "
        "leaner copy (without images or spare tables) or paste the text into a .txt file.",
    )


def _crashed(detail: str) -> ParseError:
    return ParseError(
        "reader_failed",
        f"Không đọc được văn bản (tiến trình đọc dừng bất thường: {detail}).",
        f"The document could not be read (the reader stopped abnormally: {detail}).",
    )


def parse_bounded(path: str | os.PathLike[str], *, max_bytes: int, ocr: bool = False,
                  source_name: str | None = None, seconds: float = SECONDS,
                  memory_mb: int = MEMORY_MB) -> BoundedResult:
    """Read and parse `path` in a limited child process. Raises ParseError (the reader's own,
    or `too_slow` / `too_much_memory` / `reader_failed`)."""
    command = [sys.executable, "-m", "binhdang.documents.parsing.bounded", os.fspath(path),
               "--max-bytes", str(max_bytes), "--memory-mb", str(memory_mb),
               "--cpu-seconds", str(max(1, int(seconds + 0.999))),
               "--source-name", source_name or os.path.basename(os.fspath(path))]
    if ocr:
        command.append("--ocr")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")])),
           "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=seconds, env=env, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        raise _too_slow(seconds) from None  # run() has killed and reaped the child
    if done.returncode == 0:
        answer = json.loads(done.stdout.decode("utf-8"))
        if answer.get("error"):
            error = answer["error"]
            if error["code"] == "too_much_memory":
                raise _too_big(memory_mb)
            raise ParseError(error["code"], error["vi"], error["en"])
        return BoundedResult(plan=answer["plan"], text=answer["text"])
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _too_slow(seconds)
    tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"mã {done.returncode}"]
    if "MemoryError" in tail[0]:
        raise _too_big(memory_mb)
    raise _crashed(tail[0][:200])


def _peak_rss_bytes() -> int:
    """This process's peak resident memory since exec (VmHWM; ru_maxrss on Linux also counts
    the parent's image before exec). 0 where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(argv: list[str]) -> int:
    import argparse
    import resource

    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--max-bytes", type=int, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--source-name", default=None)
    parser.add_argument("--ocr", action="store_true")
    args = parser.parse_args(argv)
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (args.cpu_seconds, args.cpu_seconds + 1))
    from .parser import parse_text
    from .readers import read_document

    try:
        info = read_document(args.path, max_bytes=args.max_bytes, ocr=args.ocr)
        plan = parse_text(info.text, source_name=args.source_name).to_json_dict()
        answer: dict[str, Any] = {"plan": plan, "text": info.text}
    except ParseError as error:
        answer = {"error": {"code": error.code, "vi": error.message_vi, "en": error.message_en}}
        # The readers report any failure of their library as a damaged file; near the memory
        # limit it is the limit that stopped them (libxml2 says "XMLSyntaxError" then).
        if _peak_rss_bytes() > 0.6 * limit:
            answer = {"error": {"code": "too_much_memory", "vi": "", "en": ""}}
    except MemoryError:
        answer = {"error": {"code": "too_much_memory", "vi": "", "en": ""}}
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child(sys.argv[1:]))
