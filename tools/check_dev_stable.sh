#!/usr/bin/env bash
# ./dev must keep .venv when nothing changed, whatever `python3` resolves to: here a pyenv-like
# shim (a script that execs the real interpreter) comes first on PATH. `./dev plan list` runs
# twice after a `./dev demo`-style runtime sync; neither run may remove, rebuild or change
# .venv (the environment a running demo server imports from).
set -euo pipefail
cd "$(dirname "$0")/.."
real=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
shims=$(mktemp -d)
trap 'rm -rf "$shims"' EXIT
printf '#!/bin/sh\nexec "%s" "$@"\n' "$real" >"$shims/python3"
chmod +x "$shims/python3"
listing() { find .venv -path '*/__pycache__' -prune -o -type f -newer "$shims/python3" -print 2>/dev/null | sort; }
./dev plan list >/dev/null 2>&1 || true          # the first run may install (a fresh clone)
sleep 1; touch "$shims/python3"
status=0
for run in 1 2; do
    out=$(env -u UV_PYTHON PATH="$shims:$PATH" ./dev plan list 2>&1 >/dev/null || true)
    if grep -Eq "Removed virtual environment|Creating virtual environment|Installed [0-9]+ package|Uninstalled" <<<"$out"; then
        echo "run $run of ./dev plan list changed .venv:"; echo "$out"; status=1
    fi
done
changed=$(listing)
if [ -n "$changed" ]; then echo ".venv files changed by ./dev plan list:"; echo "$changed" | head; status=1; fi
[ $status -eq 0 ] && echo "./dev kept .venv unchanged on two runs (python3 = a shim)"
exit $status
