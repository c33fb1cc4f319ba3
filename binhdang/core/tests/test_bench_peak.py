"""The deadline-peak load test (bench/peak) stays consistent with the app and itself: the
form parser posts what the real report form needs, the step names match the table, and the
nginx template is valid and passes the client address the way the settings expect."""

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from binhdang.conftest import require_program

PEAK = Path(settings.BASE_DIR) / "bench" / "peak"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"peak_{name}", PEAK / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _string_constants(path: Path) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_every_step_the_locustfile_names_is_in_the_table_and_back():
    # check.py imports Django models and setup.py, so read its STEPS without running it
    tree = ast.parse((PEAK / "check.py").read_text(encoding="utf-8"))
    steps = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "STEPS")
    named = {s for s in _string_constants(PEAK / "locustfile.py") if re.match(r"^\d [a-z]", s)}
    assert named == set(steps)
    assert steps[:2] == ["0 login page", "1 login"] and "5 submit" in steps


def test_the_nginx_template_proxies_to_two_instances_with_one_forwarded_hop(tmp_path):
    template = (PEAK / "nginx.conf.template").read_text(encoding="utf-8")
    assert len(re.findall(r"server 127\.0\.0\.1:@WEB\d@;", template)) == 2
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in template
    run = (PEAK / "run.sh").read_text(encoding="utf-8")
    # one proxy appends one address: the settings must read one hop from the right
    assert "BINHDANG_PROXY_COUNT=1" in run
    placeholders = set(re.findall(r"@([A-Z0-9]+)@", template))
    assert placeholders == {"RUN", "PORT", "WEB1", "WEB2"}
    assert all(f"s#@{p}@#" in run for p in placeholders)
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:  # (/usr/sbin is not on a newcomer's PATH)
        nginx = require_program("nginx", "the peak's nginx template is checked with nginx -t "
                                "(apt-get install nginx-light)")
    conf = template
    for name, value in {"RUN": str(tmp_path), "PORT": "18480", "WEB1": "18481", "WEB2": "18482"}.items():
        conf = conf.replace(f"@{name}@", value)
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_the_form_the_load_test_posts_submits_a_real_report(client, demo_tree, _seed_plan_loaded):
    from binhdang.reporting.models import Submission

    sys.path.insert(0, str(PEAK))
    try:
        forms = _module("peak_forms")
    finally:
        sys.path.remove(str(PEAK))
    client.post("/accounts/login/", {"username": "badinh", "password": "binhdang2017"})
    due = client.get("/reports/?period=2017-H1").content.decode()
    obligation = re.search(r'href="(/reports/obligations/(\d+)/)"', due)
    started = client.post(obligation.group(1))
    assert started.status_code == 302
    page = client.get(started["Location"]).content.decode()
    fields = forms.filled(forms.report_form(page), 7)
    assert {"version", "token", "csrfmiddlewaretoken"} <= set(fields)
    narratives = [k for k in fields if "-" not in k and k not in ("version", "token", "csrfmiddlewaretoken")]
    assert any(fields[k].startswith("Xã số 7: đã triển khai") for k in narratives)
    submitted = client.post(started["Location"] + "submit/", fields)
    assert submitted.status_code == 302
    submission = Submission.objects.get(obligation_id=int(obligation.group(2)))
    assert submission.status == "submitted"
    assert submission.revisions.count() == 1
    assert any("Xã số 7" in str(submission.content.get(k, "")) for k in narratives)
