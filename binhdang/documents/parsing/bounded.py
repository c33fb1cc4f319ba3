"""Read and parse a document in a fresh child process limited by setrlimit (memory, and a CPU
budget per format), so a pathological file is refused, never fed to a web worker; a busy server
is told apart from a costly document. No Django; decisions 0185 and 0391."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParseError

# CPU seconds one document may take in the child, by format (start-up included, about 0.3 s).
# CPU time, not the wall clock: on a loaded server a document waits for a core without using
# its budget, so only the document's own cost can exhaust it.
CPU_SECONDS = {"txt": 4.0, "docx": 8.0, "pdf": 8.0}
SECONDS = CPU_SECONDS["txt"]  # the default for a file of another suffix
# The wall clock only catches a child that waits for ever (a stuck filesystem, a stopped
# machine): this many times its CPU budget, and never less than WALL_MIN_SECONDS.
WALL_FACTOR = 10.0
WALL_MIN_SECONDS = 60.0
MEMORY_MB = 256  # address space of the child: its resident memory stays below this
_ROOT = Path(__file__).resolve().parents[3]  # the checkout that holds the `binhdang` package


@dataclass(frozen=True)
class BoundedResult:
    plan: dict[str, Any]
    text: str
    cpu_seconds: float = 0.0  # CPU time the child used (user + system), start-up included


def cpu_budget(path: str | os.PathLike[str], budgets: dict[str, float] | None = None) -> float:
    """The CPU seconds a document of this format may take ('.docx' → the DOCX budget)."""
    suffix = os.fspath(path).rsplit(".", 1)[-1].lower() if "." in os.fspath(path) else ""
    table = {**CPU_SECONDS, **(budgets or {})}
    return table.get(suffix, SECONDS)


def parse_budgets(value: str | None) -> dict[str, float]:
    """'txt=4,docx=8,pdf=8' (or one number for every format) → {format: seconds}."""
    if not value or not value.strip():
        return dict(CPU_SECONDS)
    value = value.strip()
    try:
        if "=" not in value:
            return dict.fromkeys(CPU_SECONDS, float(value))
        out = dict(CPU_SECONDS)
        for item in value.split(","):
            key, _, seconds = item.partition("=")
            out[key.strip().lower().lstrip(".")] = float(seconds)
        return out
    except ValueError:
        raise ValueError(f"BINHDANG_PARSE_CPU_SECONDS: '{value}' is not 'txt=4,docx=8,pdf=8' or a number") from None


def _too_slow(seconds: float) -> ParseError:
    return ParseError(
        "too_slow",
        f"Văn bản quá phức tạp: đọc nó cần hơn {seconds:g} giây tính toán của máy chủ nên đã bị từ chối. "
        "Hãy lưu lại văn bản gọn hơn (chỉ phần nội dung kế hoạch) hoặc dán nội dung vào tệp .txt rồi tải lên lại.",
        f"The document is too complex: reading it needs more than {seconds:g} seconds of the server's CPU, "
        "so it was refused. Save a leaner copy (the plan's text only) or paste the text into a .txt file.",
    )


def _busy(wall: float) -> ParseError:
    return ParseError(
        "server_busy",
        f"Máy chủ đang bận nên chưa đọc xong văn bản sau {wall:g} giây. Văn bản không có lỗi; "
        "hãy tải lên lại sau ít phút.",
        f"The server is busy and had not finished reading the document after {wall:g} seconds. "
        "Nothing is wrong with the document; upload it again in a few minutes.",
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
                  source_name: str | None = None, seconds: float | None = None,
                  memory_mb: int = MEMORY_MB, wall_seconds: float | None = None) -> BoundedResult:
    """Read and parse `path` in a limited child process: `seconds` of CPU (by default the
    budget of its format, `cpu_budget`), `memory_mb` of address space. Raises ParseError (the
    reader's own, or `too_slow` / `too_much_memory` / `reader_failed` / `server_busy`)."""
    cpu = float(seconds) if seconds is not None else cpu_budget(path)
    wall = wall_seconds if wall_seconds is not None else max(WALL_MIN_SECONDS, WALL_FACTOR * cpu)
    command = [sys.executable, "-m", "binhdang.documents.parsing.bounded", os.fspath(path),
               "--max-bytes", str(max_bytes), "--memory-mb", str(memory_mb),
               "--cpu-seconds", str(cpu),
               "--source-name", source_name or os.path.basename(os.fspath(path))]
    if ocr:
        command.append("--ocr")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")])),
           "PYTHONIOENCODING": "utf-8"}
    # Every argument is ours: this interpreter, our module, numbers and the upload's temporary path.
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # noqa: S603
    try:
        stdout, stderr = child.communicate(timeout=wall)
        timed_out = False
        used = 0.0
    except subprocess.TimeoutExpired:
        used = _proc_cpu(child.pid)  # read while the child is still there
        child.kill()
        stdout, stderr = child.communicate()
        timed_out = True
    if timed_out:
        # The child was stopped by the wall clock: its own CPU time says whether the document
        # was the cost (it had used its budget) or the machine was (it waited for a core).
        raise _too_slow(cpu) if used >= 0.9 * cpu else _busy(wall)
    if child.returncode == 0:
        answer = json.loads(stdout.decode("utf-8"))
        if answer.get("error"):
            error = answer["error"]
            if error["code"] == "too_much_memory":
                raise _too_big(memory_mb)
            if error["code"] == "too_slow":
                raise _too_slow(cpu)
            raise ParseError(error["code"], error["vi"], error["en"])
        return BoundedResult(plan=answer["plan"], text=answer["text"], cpu_seconds=float(answer.get("cpu", used)))
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _too_slow(cpu)
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"mã {child.returncode}"]
    if "MemoryError" in tail[0]:
        raise _too_big(memory_mb)
    raise _crashed(tail[0][:200])


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used, from /proc; the budget itself
    when /proc cannot be read (then a stopped child is taken for a costly document, as before)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("inf")


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
    parser.add_argument("--cpu-seconds", type=float, required=True)
    parser.add_argument("--source-name", default=None)
    parser.add_argument("--ocr", action="store_true")
    args = parser.parse_args(argv)
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    whole = max(1, math.ceil(args.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (whole, whole + 1))
    from .parser import parse_text
    from .readers import read_document

    try:
        info = read_document(args.path, max_bytes=args.max_bytes, ocr=args.ocr)
        plan = parse_text(info.text, source_name=args.source_name).to_json_dict()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        answer: dict[str, Any] = {"plan": plan, "text": info.text, "cpu": round(cpu, 3)}
        if cpu > args.cpu_seconds:
            # The kernel counts whole seconds; a fractional budget is checked here.
            answer = {"error": {"code": "too_slow", "vi": "", "en": ""}}
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
