"""Queue the run's background jobs: `--reminders` the digest of 08/12/2026 (7 days before
the deadline: a reminder and a digest e-mail for each of the 3,321 commune reporters; in
production it runs at 07:00, before the office hours' peak), or `--jobs N` tick jobs falling
due over `--spread` seconds of the load (by run_after)."""

import argparse
import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from peak_jobs import tick  # noqa: E402

from binhdang.reporting.tasks import reminders_send_day  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", action="store_true")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which the jobs fall due")
    args = parser.parse_args()
    now = timezone.now()
    if args.reminders:
        reminders_send_day.enqueue("2026-12-08")
        print("enqueue: the reminders of 08/12/2026")
    for number in range(1, args.jobs + 1):
        tick.using(run_after=now + datetime.timedelta(seconds=args.spread * number / args.jobs)).enqueue(number)
    if args.jobs:
        print(f"enqueue: {args.jobs} tick jobs over {args.spread:.0f} s")


if __name__ == "__main__":
    main()
