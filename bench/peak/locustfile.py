"""The deadline hour: commune reporters log in, open what is due, open the report form,
save one section (the autosave), submit, and log out (bench/peak/run.sh runs it).

Each simulated reporter takes the next commune of the 3,321 (peak-0001 …, created by
bench/peak/setup.py) and does the flow once for it, then the next free commune: no two
reporters share a commune, so every completed flow is one new submission, and the database
check after the run (check.py) can count lost and duplicated submissions exactly.

Steps as locust names them (the table run.sh prints):
  0 login page       GET  /accounts/login/
  1 login            POST /accounts/login/                    → 302
  2 due list         GET  /reports/?period=2026               (the unit's obligations)
  3 report form      POST /reports/obligations/<pk>/ → 302, GET /reports/submissions/<pk>/
  4 save section     POST /reports/submissions/<pk>/sections/<key>/   (htmx autosave)
  5 submit           POST /reports/submissions/<pk>/submit/   → 302
  6 logout           POST /accounts/logout/
A flow counts as done (the "flow" entry, its time the whole flow) only when the submit
answered 302 to the submission; any other answer is a failure of that step.
"""

from __future__ import annotations

import itertools
import os
import re
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser
from peak_forms import filled, report_form

PASSWORD = os.environ.get("PEAK_PASSWORD", "cao-diem-15/12")
REPORTERS = int(os.environ.get("PEAK_REPORTERS", "3321"))
PERIOD = os.environ.get("PEAK_PERIOD", "2026")
DONE_FILE = os.environ.get("PEAK_DONE_FILE", "")
_next_commune = itertools.count(1)
_done: list[str] = []  # the reporters whose submit answered 302: check.py finds each in the database
OBLIGATION_RE = re.compile(r'href="(/reports/obligations/(\d+)/)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reporter(HttpUser):
    # Reading and typing between steps: 1–3 s, far quicker than a real reporter (who types a
    # section for minutes), so 30 reporters keep the two instances busy.
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers["X-Forwarded-For"] = "198.51.100.7"  # a spoofed address axes must ignore

    def _step(self, method: str, url: str, name: str, expect: int, **kwargs):
        with self.client.request(method, url, name=name, allow_redirects=False, catch_response=True,
                                 **kwargs) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} ≠ {expect}")
                return None
            response.success()
            return response

    def _csrf(self, html: str) -> str:
        match = CSRF_RE.search(html)
        return match.group(1) if match else ""

    def wait_a_moment(self):
        time.sleep(self.wait_time())

    def flow(self):
        index = next(_next_commune)
        if index > REPORTERS:
            raise StopUser()
        username = f"peak-{index:04d}"
        began = time.perf_counter()
        self.client.cookies.clear()
        page = self._step("GET", "/accounts/login/", "0 login page", 200)
        if page is None:
            return
        self.wait_a_moment()
        login = self._step("POST", "/accounts/login/", "1 login", 302, data={
            "username": username, "password": PASSWORD, "csrfmiddlewaretoken": self._csrf(page.text)},
            headers={"Referer": self.host + "/accounts/login/"})
        if login is None:
            return
        due = self._step("GET", f"/reports/?period={PERIOD}", "2 due list", 200)
        if due is None:
            return
        match = OBLIGATION_RE.search(due.text)
        if match is None:
            due.failure("no obligation in the due list")
            return
        self.wait_a_moment()
        started = self._step("POST", match.group(1), "3 start report", 302,
                             data={"csrfmiddlewaretoken": self._csrf(due.text)})
        if started is None:
            return
        submission_url = started.headers["Location"]
        form_page = self._step("GET", submission_url, "3 report form", 200)
        if form_page is None:
            return
        fields = filled(report_form(form_page.text), index)
        section = next(k for k in fields if "-" not in k and k not in ("version", "token", "csrfmiddlewaretoken"))
        self.wait_a_moment()
        saved = self._step("POST", f"{submission_url}sections/{section}/", "4 save section", 200, data={
            section: fields[section], "version": fields["version"],
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"]}, headers={"HX-Request": "true"})
        if saved is None:
            return
        version = re.search(r'name="version"[^>]*value="(\d+)"', saved.text) or re.search(
            r'value="(\d+)"[^>]*name="version"', saved.text)
        fields["version"] = version.group(1) if version else str(int(fields["version"]) + 1)
        self.wait_a_moment()
        submitted = self._step("POST", f"{submission_url}submit/", "5 submit", 302, data=fields)
        if submitted is None:
            return
        _done.append(username)
        events.request.fire(request_type="FLOW", name="flow", response_time=(time.perf_counter() - began) * 1000,
                            response_length=0, exception=None, context={})
        self._step("POST", "/accounts/logout/", "6 logout", 302,
                   data={"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")})

    @task
    def deadline_hour(self):
        self.flow()


@events.test_stop.add_listener
def _write_done(**_kwargs):
    if DONE_FILE:
        with open(DONE_FILE, "w", encoding="utf-8") as out:
            out.write("\n".join(_done) + "\n")
