"""Search across plans, tasks, reports and units: folded, scoped by the policies, bounded."""

import pytest
from django.conf import settings

from binhdang.plans.models import Plan, Task
from binhdang.reporting.models import Submission
from binhdang.search import selectors

pytestmark = pytest.mark.django_db


def _titles(results, kind):
    return [h.title for g in results.groups if g.kind == kind for h in g.hits]


def _total(results, kind):
    return next(g.total for g in results.groups if g.kind == kind)


def test_plan_found_by_number_and_title_without_accents(full_demo, demo_user):
    user = demo_user("ldtbxh")
    by_number = selectors.search(user=user, query="268/kh-ubnd", kinds=("plan",))
    by_title = selectors.search(user=user, query="BINH DANG GIOI BIM SON 2017", kinds=("plan",))
    accented = selectors.search(user=user, query="bình đẳng giới Bỉm Sơn 2017", kinds=("plan",))
    assert any(t.startswith("268/KH-UBND · ") for t in _titles(by_number, "plan"))
    assert _titles(by_title, "plan") == _titles(accented, "plan")
    assert any("268/KH-UBND" in t for t in _titles(by_title, "plan"))


def test_task_found_by_its_text(full_demo, demo_user):
    task = Task.objects.filter(plan__number="268/KH-UBND", text__icontains="truyền thông").first()
    assert task is not None
    results = selectors.search(user=demo_user("ldtbxh"), query="truyen thong", kinds=("task",))
    assert _total(results, "task") >= 1
    assert any(h.url == task.get_absolute_url() for g in results.groups for h in g.hits) or \
        _total(results, "task") > selectors.PAGE_SIZE


def test_search_text_follows_edits(full_demo):
    plan = Plan.objects.get(number="268/KH-UBND")
    task = plan.tasks.first()
    task.text = "Tổ chức Hội thi Tìm hiểu pháp luật về Bình đẳng giới ĐẶCBIỆTXYZ"
    task.save()
    assert "dacbietxyz" in Task.objects.get(pk=task.pk).search_text


def test_reports_scoped_by_the_submission_policy(full_demo, demo_user):
    """A ward reporter finds only its own ward's reports; the town coordinator finds every ward's."""
    lamson_reports = Submission.objects.filter(org_unit__code="TH-BS-LAMSON").count()
    assert lamson_reports >= 1
    as_badinh = selectors.search(user=demo_user("badinh"), query="lam son", kinds=("submission", "unit"))
    as_lamson = selectors.search(user=demo_user("lamson"), query="lam son", kinds=("submission",))
    as_coordinator = selectors.search(user=demo_user("ldtbxh"), query="lam son", kinds=("submission",))
    assert _total(as_badinh, "submission") == 0
    assert _total(as_badinh, "unit") >= 1  # the unit directory is open to every signed-in user
    assert _total(as_lamson, "submission") == lamson_reports
    assert _total(as_coordinator, "submission") == lamson_reports
    own = selectors.search(user=demo_user("badinh"), query="ba dinh", kinds=("submission",))
    assert _total(own, "submission") == Submission.objects.filter(org_unit__code="TH-BS-BADINH").count()
    assert all(t.startswith("Ủy ban nhân dân phường Ba Đình") for t in _titles(own, "submission"))


def test_report_found_by_content_and_period(full_demo, demo_user):
    submission = Submission.objects.filter(org_unit__code="TH-BS-BADINH").exclude(content={}).first()
    word = next(v for v in submission.content.values() if isinstance(v, str) and len(v.split()) > 3).split()[2]
    user = demo_user("badinh")
    found = selectors.search(user=user, query=word.upper(), kinds=("submission",))
    assert submission.get_absolute_url() in [h.url for g in found.groups for h in g.hits]
    by_period = selectors.search(user=user, query="6 thang dau nam 2017", kinds=("submission",))
    by_key = selectors.search(user=user, query="2017-H1", kinds=("submission",))
    assert _total(by_period, "submission") == _total(by_key, "submission") >= 1


def test_saved_content_is_searchable(full_demo, demo_user):
    from binhdang.reporting import services
    from binhdang.reporting.services.notifications import unit_reporters

    submission = Submission.objects.filter(status__in=Submission.EDITABLE).order_by("id").first()
    reporter = unit_reporters(submission.org_unit)[0]
    key = next(s["key"] for s in submission.sections if s["kind"] == "narrative")
    services.submission_save(actor=reporter, submission=submission, version=submission.version,
                             changes={key: "Tổ chức tọa đàm Quyền của phụ nữ Ngọc Trạo"})
    results = selectors.search(user=reporter, query="ngoc trao toa dam", kinds=("submission",))
    assert [h.url for g in results.groups for h in g.hits] == [submission.get_absolute_url()]


@pytest.mark.parametrize(("query", "message"), [
    ("", "Hãy nhập từ cần tìm."),
    ("   ", "Hãy nhập từ cần tìm."),
    ("x" * 10_000, "Từ cần tìm dài quá 200 ký tự; hãy rút gọn."),
    ("a b", "Hãy nhập ít nhất một từ có từ 2 chữ cái trở lên (chữ hoặc số)."),
    ("!!! ---", "Hãy nhập ít nhất một từ có từ 2 chữ cái trở lên (chữ hoặc số)."),
])
def test_bad_queries_get_a_vietnamese_message(demo_tree, demo_user, query, message):
    from binhdang.core.errors import DomainError

    with pytest.raises(DomainError) as error:
        selectors.search(user=demo_user("badinh"), query=query)
    assert error.value.message == message


def test_sql_and_html_are_plain_text(full_demo, client, demo_user):
    client.force_login(demo_user("ldtbxh"))
    sql = client.get("/search/", {"q": "' OR 1=1; DROP TABLE plans_plan; --"})
    assert sql.status_code == 200
    assert Plan.objects.filter(number="268/KH-UBND").exists()
    assert "0 kết quả" in sql.content.decode()
    html = client.get("/search/", {"q": "<script>alert(1)</script> ba dinh"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_groups_by_kind_with_links_and_pages(full_demo, client, demo_user):
    client.force_login(demo_user("ldtbxh"))
    page = client.get("/search/", {"q": "phuong"}).content.decode()
    for kind, label in (("plan", "Kế hoạch"), ("task", "Nhiệm vụ"), ("submission", "Báo cáo"), ("unit", "Đơn vị")):
        assert f'id="results-{kind}"' in page and f'id="heading-{kind}">{label}' in page
    assert 'href="/units/' in page and 'href="/reports/' in page
    from django.utils import timezone

    units = selectors.search(user=demo_user("ldtbxh"), query="phuong", kinds=("unit",), size=25,
                             on=timezone.localdate())
    total = _total(units, "unit")
    assert total > selectors.PAGE_SIZE
    second = client.get("/search/", {"q": "phuong", "kind": "unit", "page": "2"}).content.decode()
    assert f"Trang 2/{-(-total // 25)}" in second


def test_bad_input_on_the_page(demo_tree, client, demo_user):
    client.force_login(demo_user("badinh"))
    empty = client.get("/search/", {"q": ""})
    assert empty.status_code == 200 and "Hãy nhập từ cần tìm." in empty.content.decode()
    long = client.get("/search/", {"q": "đ" * 10_000})
    assert long.status_code == 400 and "dài quá 200 ký tự" in long.content.decode()
    assert client.get("/search/").status_code == 200


def test_api_answers_grouped_results(full_demo, client, demo_user):
    client.force_login(demo_user("badinh"))
    data = client.get("/api/search/", {"q": "BA DINH", "size": 2}).json()
    assert data["terms"] == ["ba", "dinh"]
    groups = {g["kind"]: g for g in data["groups"]}
    assert list(groups) == ["plan", "task", "submission", "unit"]
    assert groups["submission"]["total"] == Submission.objects.filter(org_unit__code="TH-BS-BADINH").count()
    assert len(groups["submission"]["results"]) == min(2, groups["submission"]["total"])
    assert all(r["url"].startswith("/reports/") for r in groups["submission"]["results"])
    assert groups["unit"]["results"][0]["title"] == "Ủy ban nhân dân phường Ba Đình"


def test_api_errors(demo_tree, client, demo_user):
    assert client.get("/api/search/", {"q": "ba dinh"}).status_code in (401, 403)
    client.force_login(demo_user("badinh"))
    empty = client.get("/api/search/", {"q": ""})
    assert empty.status_code == 400 and empty.json()["errors"]["q"] == ["Hãy nhập từ cần tìm."]
    long = client.get("/api/search/", {"q": "x" * 10_000})
    assert long.status_code == 400 and "200" in long.json()["errors"]["q"][0]
    assert client.get("/api/search/", {"q": "ba", "kind": "users"}).status_code == 400
    assert client.get("/api/search/", {"q": "ba", "size": "1000"}).status_code == 400


def test_api_documented_with_its_status_codes(client, demo_tree, demo_user):
    client.force_login(demo_user("ldtbxh"))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/search/"]["get"]
    assert set(operation["responses"]) >= {"200", "400", "401", "403", "414"}
    assert {p["name"] for p in operation["parameters"]} >= {"q", "kind", "page", "size"}


def test_english_labels(full_demo, client, demo_user):
    client.force_login(demo_user("ldtbxh"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/search/", {"q": "ba dinh"}).content.decode()
    assert 'id="heading-unit">Units' in page


def test_words_match_whole_and_the_last_as_a_prefix(full_demo, demo_user):
    user = demo_user("ldtbxh")
    whole = selectors.search(user=user, query="ba dinh", kinds=("task",), size=100)
    for hit in (h for g in whole.groups for h in g.hits):
        text = f" {Task.objects.get(pk=hit.pk).search_text} "
        assert " ba " in text and " dinh" in text  # not "ban", "bao", "định" alone
    typed = selectors.search(user=user, query="bim so", kinds=("unit",))
    assert _total(typed, "unit") >= 1  # "so" still being typed: the start of "son"


def test_the_nav_search_box_is_a_get_form_to_the_page(rf):
    from django.template.loader import render_to_string

    html = render_to_string("_search_box.html", {"search_query": "ba đình"}, request=rf.get("/"))
    assert '<form action="/search/" method="get" role="search"' in html
    assert 'name="q"' in html and 'value="ba đình"' in html and 'maxlength="200"' in html
    assert '<label for="site-search-q"' in html


def test_migrations_fill_the_column_for_existing_rows(full_demo):
    import importlib

    from django.apps import apps

    before = {
        "plan": dict(Plan.objects.values_list("pk", "search_text")),
        "task": dict(Task.objects.values_list("pk", "search_text")),
        "submission": dict(Submission.objects.values_list("pk", "search_text")),
    }
    Plan.objects.update(search_text="")
    Task.objects.update(search_text="")
    Submission.objects.update(search_text="")
    importlib.import_module("binhdang.plans.migrations.0004_search_text").fill(apps, None)
    importlib.import_module("binhdang.reporting.migrations.0006_search_text").fill(apps, None)
    assert dict(Plan.objects.values_list("pk", "search_text")) == before["plan"]
    assert dict(Task.objects.values_list("pk", "search_text")) == before["task"]
    assert dict(Submission.objects.values_list("pk", "search_text")) == before["submission"]
    assert all(before["submission"].values())
