#!/bin/sh
# The deadline peak on several processes: nginx → 2 gunicorn instances, 2 db_workers, one
# PostgreSQL, Redis cache; locust headless for a fixed time; then check.py (integrity, jobs,
# sessions, axes) prints the table. Everything started here is stopped at the end.
#
# usage: bench/peak/run.sh            (from the checkout; needs nginx, PostgreSQL, Redis)
# environment (defaults in brackets):
#   PEAK_DB [h_peak]  PEAK_USERS [30]  PEAK_SECONDS [180]  PEAK_WEB_WORKERS [2 per instance]
#   PEAK_PORT [8480]  PEAK_WEB1/PEAK_WEB2 [8481/8482]  PEAK_REDIS [redis://127.0.0.1:6379/7, flushed]
#   PEAK_KEEP_DB=1 reuses the database (default: drop and rebuild it, so every run starts
#   with 3,321 reports to send and an empty job queue)
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
BIN=$ROOT/.venv/bin
DB=${PEAK_DB:-h_peak}
USERS=${PEAK_USERS:-30}
SECONDS_=${PEAK_SECONDS:-180}
PORT=${PEAK_PORT:-8480}
WEB1=${PEAK_WEB1:-8481}
WEB2=${PEAK_WEB2:-8482}
RUN=$(mktemp -d /tmp/binhdang-peak.XXXXXX)
PIDS=""

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
REDIS=${PEAK_REDIS:-redis://127.0.0.1:6379/7}
export CACHE_URL="rediscache://${REDIS#redis://}"
export DJANGO_SECRET_KEY="peak-bench-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_STATIC_ROOT="$RUN/static" DJANGO_MEDIA_ROOT="$RUN/media" BINHDANG_VAR_DIR="$RUN/var"
export BINHDANG_PROXY_COUNT=1 BINHDANG_CONN_MAX_AGE=60
# Plain HTTP on loopback: no TLS here, so no redirect, no secure-only cookies, no HSTS.
export BINHDANG_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 BINHDANG_HSTS_SECONDS=0
export EMAIL_URL="dummymail://" PEAK_JOB_LOG="$RUN/jobs.log" PEAK_DONE_FILE="$RUN/done.txt"
export PEAK_SECONDS="$SECONDS_" PYTHONPATH="$ROOT/bench/peak"

stop() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT INT TERM

echo "run directory: $RUN"
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${PEAK_KEEP_DB:-0}" != 1 ]; then
    dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
    createdb -h 127.0.0.1 -U postgres "$DB"
fi
"$PY" -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS"   # the bench's own Redis db
"$PY" bench/peak/setup.py
"$BIN/binhdang" collectstatic --noinput -v0

sed -e "s#@RUN@#$RUN#g" -e "s#@PORT@#$PORT#g" -e "s#@WEB1@#$WEB1#g" -e "s#@WEB2@#$WEB2#g" \
    bench/peak/nginx.conf.template > "$RUN/nginx.conf"
/usr/sbin/nginx -t -q -c "$RUN/nginx.conf" -p "$RUN" 2>>"$RUN/nginx-error.log"
/usr/sbin/nginx -c "$RUN/nginx.conf" -p "$RUN"

for port in "$WEB1" "$WEB2"; do
    BINHDANG_BIND="127.0.0.1:$port" BINHDANG_WEB_WORKERS="${PEAK_WEB_WORKERS:-2}" \
        "$BIN/gunicorn" -c deploy/gunicorn.conf.py --control-socket "$RUN/gunicorn-$port.ctl" config.wsgi:application \
        >"$RUN/gunicorn-$port.log" 2>&1 &
    PIDS="$PIDS $!"
done
for n in 1 2; do
    "$BIN/binhdang" db_worker --interval 0.5 >"$RUN/worker-$n.log" 2>&1 &
    PIDS="$PIDS $!"
done
queue_left() {
    "$PY" -c "
import os, sys; sys.path.insert(0, '.'); os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.base')
import django; django.setup()
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count())"
}
# The 07:00 digest first (one job for the two workers), while the web instances warm up:
# every gunicorn worker imports the views on its first request (seconds, not load).
"$PY" bench/peak/enqueue.py --reminders
for port in "$WEB1" "$WEB2"; do
    for _ in $(seq 60); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/accounts/login/" 2>/dev/null && break
        sleep 1
    done
    for _ in $(seq 8); do curl -fsS -o /dev/null "http://127.0.0.1:$port/accounts/login/"; done
done
for _ in $(seq 300); do [ "$(queue_left)" = 0 ] && break; sleep 1; done
: >"$RUN/nginx-upstream.log"
"$PY" bench/peak/enqueue.py --jobs 200 --spread "$(( SECONDS_ * 2 / 3 ))"
echo "load at the start of the load: $(cut -d' ' -f1-3 /proc/loadavg)"

"$BIN/locust" -f bench/peak/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
    -u "$USERS" -r 10 -t "${SECONDS_}s" --stop-timeout 30 --only-summary \
    --csv "$RUN/locust" >"$RUN/locust.log" 2>&1 || true
echo "load during the run (1-min average at its end): $(cut -d' ' -f1-3 /proc/loadavg)"
# Let the workers finish the queue (the last jobs fall due before the end of the run).
for _ in $(seq 120); do [ "$(queue_left)" = 0 ] && break; sleep 1; done
status=0
"$PY" bench/peak/check.py "$RUN" "http://127.0.0.1:$PORT" || status=$?
echo "gunicorn ${PEAK_WEB_WORKERS:-2} sync workers × 2 instances, 2 db_workers, $USERS reporters, ${SECONDS_} s"
exit $status
