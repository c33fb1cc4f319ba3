#!/usr/bin/env python3
"""Install uv into ./.tools when it is not on PATH, using only the standard library.

First try a private virtual environment with pip; when the machine's Python has no venv
or ensurepip (Debian without python3-venv), fetch uv's wheel from the package index and
unpack its binary. Prints the path of the uv binary.
"""

import io
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import urllib.parse
import urllib.request
import venv
import zipfile
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1] / ".tools"
INDEX = os.environ.get("UV_BOOTSTRAP_INDEX", "https://pypi.org/pypi/uv/json")


def via_pip() -> Path | None:
    env_dir = TOOLS / "venv"
    try:
        if not (env_dir / "bin" / "python").exists():
            venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
        subprocess.run(
            [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "uv"],
            check=True,
        )
    except Exception as exc:  # any failure falls back to the wheel download
        print(f"bootstrap: pip route failed ({exc}); downloading the uv wheel", file=sys.stderr)
        shutil.rmtree(env_dir, ignore_errors=True)
        return None
    binary = env_dir / "bin" / "uv"
    return binary if binary.exists() else None


def _wheel_tag() -> str:
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    return f"manylinux_2_17_{arch}" if sys.platform.startswith("linux") else ""


def via_wheel() -> Path:
    with urllib.request.urlopen(INDEX, timeout=60) as response:
        release = json.load(response)
    tag = _wheel_tag()
    # Mirrors may answer with URLs relative to the JSON document.
    urls = [
        urllib.parse.urljoin(INDEX, f["url"])
        for f in release["urls"]
        if f["filename"].endswith(".whl") and tag in f["filename"]
    ]
    if not urls:
        raise SystemExit(f"bootstrap: no uv wheel for {platform.machine()}; install uv by hand")
    with urllib.request.urlopen(urls[0], timeout=300) as response:
        data = response.read()
    target = TOOLS / "bin" / "uv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        member = next(n for n in wheel.namelist() if n.endswith("/scripts/uv"))
        target.write_bytes(wheel.read(member))
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return target


def main() -> None:
    TOOLS.mkdir(exist_ok=True)
    # BINHDANG_BOOTSTRAP=wheel skips the pip route (what a Python without venv goes through).
    use_pip = os.environ.get("BINHDANG_BOOTSTRAP", "") != "wheel"
    binary = (via_pip() if use_pip else None) or via_wheel()
    print(binary)


if __name__ == "__main__":
    main()
