"""After a load-test run: integrity in the database, background jobs, sessions across the
two web instances, django-axes behind nginx, and the table of figures (bench/peak/run.sh).

usage: python bench/peak/check.py RUN_DIR URL   (RUN_DIR holds locust's CSV, the list of
       completed flows, the job log and nginx's access log; URL is nginx's address)
Exit status 1 when an integrity check fails (lost or duplicated submissions, a job run
twice or never, a session lost between instances, axes fooled by a header).
"""

import collections
import csv
import http.client
import json
import os
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from axes.models import AccessAttempt  # noqa: E402
from django.db.models import Count  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402
from setup import NUMBER, PASSWORD  # noqa: E402

from binhdang.core.models import AuditEvent  # noqa: E402
from binhdang.reporting.models import Notification, SentLog, Submission, SubmissionRevision  # noqa: E402

STEPS = ["0 login page", "1 login", "2 due list", "3 start report", "3 report form", "4 save section", "5 submit", "6 logout"]
GOAL_P95_MS = 1000
GOAL_RATIO = 0.25


def integrity(done: list[str]) -> dict:
    subs = Submission.objects.filter(obligation__plan__number=NUMBER)
    submitted = subs.filter(status="submitted")
    by_user = dict(SubmissionRevision.objects.filter(submission__in=subs).values_list(
        "submitted_by__username").annotate(n=Count("id")).values_list("submitted_by__username", "n"))
    per_obligation = subs.values("obligation").annotate(n=Count("id")).filter(n__gt=1).count()
    revisions = SubmissionRevision.objects.filter(submission__in=subs).values("submission").annotate(
        n=Count("id"))
    audits = AuditEvent.objects.filter(action="submission.submit", object_id__in=[str(pk) for pk in
                                       submitted.values_list("pk", flat=True)])
    audit_counts = collections.Counter(audits.values_list("object_id", flat=True))
    lost = [u for u in done if by_user.get(u, 0) == 0]
    return {
        "flows_done": len(done), "submitted_in_db": submitted.count(), "drafts_in_db": subs.filter(status="draft").count(),
        "lost": len(lost), "lost_users": lost[:5],
        "duplicated": per_obligation + sum(1 for r in revisions if r["n"] > 1)
        + sum(1 for n in audit_counts.values() if n > 1),
        "submitted_not_seen_by_client": submitted.count() - len(done),
    }


def jobs(log: Path) -> dict:
    lines = log.read_text().split() if log.exists() else []
    numbers = collections.Counter(lines[0::2])
    pids = collections.Counter(lines[1::2])
    tick = DBTaskResult.objects.filter(task_path="peak_jobs.tick")
    reminder = DBTaskResult.objects.filter(task_path__endswith="reminders_send_day")
    queued = tick.count()
    workers = collections.Counter(w for ids in tick.values_list("worker_ids", flat=True) for w in ids)
    claimed_twice = sum(1 for ids in tick.values_list("worker_ids", flat=True) if len(ids) != 1)
    notes = Notification.objects.filter(key__endswith=":before-7")
    dup_notes = notes.values("user", "key").annotate(n=Count("id")).filter(n__gt=1).count()
    rem = reminder.first()
    return {
        "tick_queued": queued, "tick_succeeded": tick.filter(status="SUCCESSFUL").count(),
        "tick_ran": len(numbers), "tick_ran_twice": sum(1 for n in numbers.values() if n > 1),
        "tick_claimed_twice": claimed_twice, "tick_by_worker_pid": dict(pids),
        "tick_by_worker_id": len(workers),
        "reminder_jobs": reminder.count(), "reminder_status": rem.status if rem else None,
        "reminder_return": rem.return_value if rem else None,
        "reminder_notifications": notes.count(), "reminder_notifications_duplicated": dup_notes,
        "digests_sent_log": SentLog.objects.count(),
    }


def sessions(access_log: Path) -> dict:
    """Requests per instance, and how many signed-in sessions were served by both."""
    per_upstream: collections.Counter = collections.Counter()
    seen: dict[str, set[str]] = collections.defaultdict(set)
    for line in access_log.read_text().splitlines() if access_log.exists() else []:
        upstream, _status, session = [*line.split("|"), "", "", ""][:3]
        per_upstream[upstream] += 1
        if session and session != "-":
            seen[session].add(upstream)
    return {"requests_per_instance": dict(per_upstream), "sessions": len(seen),
            "sessions_on_both_instances": sum(1 for s in seen.values() if len(s) > 1)}


def _post_login(url: str, source: str, username: str, password: str, spoof: str) -> int:
    """One login through nginx from a given loopback address (a different client)."""
    parts = urllib.parse.urlsplit(url)

    def conn():
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=(source, 0))

    c = conn()
    c.request("GET", "/accounts/login/")
    page = c.getresponse()
    body = page.read().decode()
    cookie = "; ".join(h.split(";")[0] for k, h in page.getheaders() if k.lower() == "set-cookie")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    c.request("POST", "/accounts/login/", body=data, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Referer": url + "/accounts/login/",
        "X-Forwarded-For": spoof})
    answer = c.getresponse()
    answer.read()
    c.close()
    return answer.status


def axes_behind_nginx(url: str, username: str) -> dict:
    """Five wrong passwords from 127.0.0.2 (each sending a forged X-Forwarded-For) lock that
    address out for the account, the right password from 127.0.0.3 still gets in."""
    wrong = [_post_login(url, "127.0.0.2", username, "sai-mat-khau", f"203.0.113.{i}") for i in range(5)]
    locked = _post_login(url, "127.0.0.2", username, PASSWORD, "203.0.113.99")
    other = _post_login(url, "127.0.0.3", username, PASSWORD, "127.0.0.2")
    addresses = sorted(set(AccessAttempt.objects.filter(username=username).values_list("ip_address", flat=True)))
    return {"wrong": wrong, "locked_same_address": locked, "other_address": other,
            "attempt_addresses": addresses,
            "ok": locked == 429 and other == 302 and addresses == ["127.0.0.2"]}


def locust_rows(prefix: Path) -> dict[str, dict]:
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = row
    return rows


def main() -> int:
    run, url = Path(sys.argv[1]), sys.argv[2].rstrip("/")
    done = [u for u in (run / "done.txt").read_text().split() if u] if (run / "done.txt").exists() else []
    rows = locust_rows(run / "locust")
    result = {"integrity": integrity(done), "jobs": jobs(run / "jobs.log"),
              "sessions": sessions(run / "nginx-upstream.log"),
              "axes": axes_behind_nginx(url, os.environ.get("PEAK_AXES_USER", "peak-3321"))}
    print("\n| step | requests | failures | median ms | p95 ms | max ms | req/s |\n|---|---:|---:|---:|---:|---:|---:|")
    p95_ok = True
    for name in [*STEPS, "flow", "Aggregated"]:
        row = rows.get(name)
        if row is None:
            continue
        if name in STEPS[:7] and float(row["95%"]) >= GOAL_P95_MS:
            p95_ok = False
        print(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['Median Response Time']} | "
              f"{row['95%']} | {float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.2f} |")
    login_rps = float(rows["0 login page"]["Requests/s"]) if "0 login page" in rows else 0.0
    flow_rps = float(rows["flow"]["Requests/s"]) if "flow" in rows else 0.0
    ratio = flow_rps / login_rps if login_rps else 0.0
    integ, job, sess, axes = result["integrity"], result["jobs"], result["sessions"], result["axes"]
    checks = {
        "p95 < 1 s on every step (0–5)": p95_ok,
        f"flows/s ≥ 25% of login page/s ({flow_rps:.2f} / {login_rps:.2f} = {ratio:.0%})": ratio >= GOAL_RATIO,
        f"0 lost submissions ({integ['lost']} of {integ['flows_done']} flows)": integ["lost"] == 0,
        f"0 duplicated submissions ({integ['duplicated']})": integ["duplicated"] == 0,
        f"every job ran exactly once ({job['tick_ran']}/{job['tick_queued']} ran, "
        f"{job['tick_ran_twice']} twice, by {len(job['tick_by_worker_pid'])} workers)":
            job["tick_ran"] == job["tick_queued"] and job["tick_ran_twice"] == 0 and job["tick_claimed_twice"] == 0
            and job["reminder_jobs"] == 1 and job["reminder_status"] == "SUCCESSFUL"
            and job["reminder_notifications_duplicated"] == 0,
        f"sessions served by both instances ({sess['sessions_on_both_instances']} of {sess['sessions']})":
            sess["sessions_on_both_instances"] > 0 and len(sess["requests_per_instance"]) == 2,
        "django-axes locks the client address, not a forged header": axes["ok"],
    }
    print()
    for label, ok in checks.items():
        print(f"- [{'x' if ok else ' '}] {label}")
    print("\n" + json.dumps(result, ensure_ascii=False, indent=1, default=str))
    integrity_ok = all(v for k, v in checks.items() if not k.startswith(("p95", "flows/s")))
    return 0 if integrity_ok else 1


if __name__ == "__main__":
    sys.exit(main())
