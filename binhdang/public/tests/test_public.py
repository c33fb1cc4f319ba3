"""The public progress page: only accepted figures of published indicators reach it (HTML
and CSV), it is cached and the cache follows acceptance and publication; publishing is for
coordinators, audited; the 5-level progress status follows Open SDG's method."""

import csv
import io

import pytest
from django.core.cache import cache

from binhdang.core.audit import AuditEvent
from binhdang.core.errors import AccessDenied, DomainError
from binhdang.indicators.models import Indicator, IndicatorValue, Target
from binhdang.public import selectors, services
from binhdang.public.models import Publication
from binhdang.public.selectors import PublicFigure, progress_status
from binhdang.reporting.models import Submission

PUBLISHED = ["DP-TH-NGUOI", "LD-CHUCHOT"]


@pytest.fixture
def published(full_demo, demo_user):
    cache.clear()
    Publication.objects.all().delete()
    services.publication_set(actor=demo_user("ldtbxh"), org_unit=full_demo["TH-BS"], codes=PUBLISHED, reason="test")
    return full_demo


def _rows(submission):
    key = next(s["key"] for s in submission.sections if s["kind"] == "indicator_table")
    return key, submission.content[key]


def _set_figure(submission, code, female, male):
    key, rows = _rows(submission)
    for row in rows:
        if row.get("code") == code:
            row["female"], row["male"] = female, male
            break
    else:
        rows.append({"code": code, "name": code, "female": female, "male": male})
    submission.content = {**submission.content, key: rows}
    Submission.objects.filter(pk=submission.pk).update(content=submission.content)


def _accepted_sum(unit, code, kind="report_annual"):
    """The oracle: women and men of `code` over the accepted reports of the unit's subtree."""
    f = m = 0
    for s in Submission.objects.filter(status="accepted", org_unit__path__startswith=unit.path, obligation__kind=kind):
        for row in _rows(s)[1]:
            if row.get("code") == code and not row.get("rollup"):
                f += row.get("female") or 0
                m += row.get("male") or 0
    return f, m


def _annual(unit_code, status):
    return (Submission.objects.filter(org_unit__code__startswith="TH-BS-", status=status,
                                      obligation__kind="report_annual")
            .exclude(org_unit__code=unit_code).order_by("pk").first())


def _csv(client, code):
    response = client.get(f"/public/{code}/data.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_only_accepted_figures_of_published_indicators_reach_the_page_and_the_csv(published, client):
    town = published["TH-BS"]
    # given figures that must never be public: a submitted, a returned and a draft report
    for status, (f, m) in {"submitted": (4242, 4343), "returned": (4444, 4545), "draft": (4646, 4747)}.items():
        _set_figure(_annual("", status), "DP-TH-NGUOI", f, m)
    # an accepted report's figure of an indicator nobody published
    accepted = _annual("", "accepted")
    _set_figure(accepted, "DP-TD-NGUOI", 5151, 5252)
    # and a value typed on the indicator page (never accepted by anyone)
    IndicatorValue.objects.create(indicator=Indicator.objects.get(code="DP-TH-NGUOI"), org_unit=accepted.org_unit,
                                  period="2017-H2", sex="F", num=6161)
    # when an anonymous visitor reads the town's public page and its CSV
    html = client.get(f"/public/{town.code}/").content.decode()
    rows = _csv(client, town.code)
    text = html + "\n".join(",".join(r) for r in rows)
    # then none of those figures is there, and the unpublished indicator is absent
    for secret in ("4242", "4343", "4444", "4545", "4646", "4747", "5151", "5252", "6161"):
        assert secret not in text
    assert "Số người tham dự tọa đàm" not in html
    assert {r[2] for r in rows[1:]} == set(PUBLISHED)
    assert "2017-H2" not in {r[6] for r in rows[1:]}
    # and the published indicator shows exactly the sum of the accepted reports
    f, m = _accepted_sum(town, "DP-TH-NGUOI")
    (line,) = [r for r in rows if r[2] == "DP-TH-NGUOI" and r[6] == "2017"]
    assert (line[7], line[8], line[9]) == (str(f), str(m), str(f + m))
    assert line[13] == str(Submission.objects.filter(status="accepted", org_unit__path__startswith=town.path,
                                                      obligation__kind="report_annual").count())
    assert f"{f}" in html and "Đã đạt mục tiêu" not in html.split("ind-dp-th-nguoi")[1].split("</section>")[0]


def test_accepting_a_report_and_publishing_refresh_the_cached_page(published, client, demo_user):
    from binhdang.reporting.services import submission_accept

    town = published["TH-BS"]
    pending = _annual("", "submitted")
    _set_figure(pending, "DP-TH-NGUOI", 4242, 4343)
    before = client.get(f"/public/{town.code}/").content.decode()
    assert "4242" not in before
    # the second read comes from the cache: no figure query
    key_queries = _count_queries(lambda: client.get(f"/public/{town.code}/"))
    assert key_queries <= 8
    # when the receiver's coordinator accepts the report
    pending.refresh_from_db()
    submission_accept(actor=demo_user("ldtbxh"), submission=pending, version=pending.version)
    f, m = _accepted_sum(town, "DP-TH-NGUOI")
    after = client.get(f"/public/{town.code}/").content.decode()
    # then the page shows the new sum at once
    assert f"<dd>{f}</dd>" in after and f"<dd>{m}</dd>" in after
    # and unpublishing takes the indicator off the page at once
    services.publication_set(actor=demo_user("ldtbxh"), org_unit=town, codes=["LD-CHUCHOT"])
    assert "Số người được tập huấn về bình đẳng giới" not in client.get(f"/public/{town.code}/").content.decode()


def _count_queries(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_a_commune_page_inherits_the_towns_publications_and_shows_its_own_figures(published, client):
    ward = published["TH-BS-BADINH"]
    rows = _csv(client, ward.code)
    f, m = _accepted_sum(ward, "LD-CHUCHOT")
    (line,) = [r for r in rows if r[2] == "LD-CHUCHOT" and r[6] == "2017"]
    assert (line[7], line[8]) == (str(f), str(m)) == ("1", "3")
    # the ward's report left its trainees empty: no row rather than a zero
    assert not [r for r in rows if r[2] == "DP-TH-NGUOI"]
    assert client.get("/public/NO-SUCH-UNIT/").status_code == 404


def test_only_a_coordinator_publishes_and_every_change_is_audited(published, demo_user):
    town = published["TH-BS"]
    with pytest.raises(AccessDenied):
        services.publication_set(actor=demo_user("badinh"), org_unit=town, codes=["LD-CBCC"])
    with pytest.raises(AccessDenied):  # a viewer reads, does not publish
        services.publication_set(actor=demo_user("lanhdao"), org_unit=town, codes=["LD-CBCC"])
    with pytest.raises(DomainError):
        services.publication_set(actor=demo_user("ldtbxh"), org_unit=town, codes=["LD-CBCC", "NO-SUCH"])
    assert sorted(selectors.publications_at(unit=town)) == sorted(PUBLISHED)  # nothing half-saved
    result = services.publication_set(actor=demo_user("ldtbxh"), org_unit=town, codes=["LD-CBCC", "LD-CHUCHOT"],
                                      reason="công khai 2017")
    assert result == {"added": ["LD-CBCC"], "removed": ["DP-TH-NGUOI"]}
    events = AuditEvent.objects.filter(action__in=["public.publish", "public.unpublish"]).order_by("-id")[:2]
    assert {(e.action, e.actor.username, e.reason) for e in events} == {
        ("public.publish", "ldtbxh", "công khai 2017"), ("public.unpublish", "ldtbxh", "công khai 2017")}


def test_the_publishing_page_is_for_coordinators(published, client, demo_user):
    client.force_login(demo_user("badinh"))
    assert client.get("/public/TH-BS/publish/").status_code == 404
    client.force_login(demo_user("ldtbxh"))
    page = client.get("/public/TH-BS/publish/").content.decode()
    assert 'value="DP-TH-NGUOI" checked' in page
    response = client.post("/public/TH-BS/publish/", {"codes": ["LD-CBCC"], "reason": "thử"})
    assert response.status_code == 302
    assert selectors.publications_at(unit=published["TH-BS"]) == {"LD-CBCC"}


# --- the progress status ----------------------------------------------------------------------


def _target(value, year, *, baseline=None, baseline_year=None, comparator="ge", measure="value"):
    return Target(value=value, year=year, baseline_value=baseline, baseline_year=baseline_year,
                  comparator=comparator, measure=measure)


def _series(*pairs):
    return [PublicFigure(period, total_only=value) for period, value in pairs]


@pytest.fixture
def count_indicator(db):
    return Indicator(code="X", name="x", unit="người", kind="count", by_sex=False, direction="higher")


@pytest.mark.parametrize(("current", "expected"), [
    (60.0, "target_achieved"),  # at the target
    (54.0, "substantial"),      # 16.2 %/year: far above the 4.14 %/year needed
    (42.4, "moderate"),         # 2.96 %/year: 0.71 of the growth needed
    (40.8, "limited"),          # 0.99 %/year: 0.24 of it
    (38.0, "deterioration"),    # moving away
])
def test_progress_status_has_open_sdgs_five_levels(count_indicator, current, expected):
    # base 40 in 2015, target 60 in 2025: 2017 is 2 of 10 years in
    target = _target(60, 2025, baseline=40, baseline_year=2015)
    # needed growth a year: (60/40)^(1/10) − 1 = 4.14 %
    status = progress_status(series=_series(("2017", current)), indicator=count_indicator, target=target)
    assert status.status == expected, status


def test_progress_status_ratio_thresholds_exactly(count_indicator):
    target = _target(121, 2017, baseline=100, baseline_year=2015)  # needed: 10 %/year
    def status_at(value):
        return progress_status(series=_series(("2017", value)), indicator=count_indicator, target=target).status
    assert status_at(100 * 1.096 ** 2) == "substantial"   # 9.6 %/year = 0.96 of needed
    assert status_at(100 * 1.09 ** 2) == "moderate"       # 0.9
    assert status_at(100 * 1.05 ** 2) == "limited"        # 0.5
    assert status_at(99) == "deterioration"


def test_progress_without_target_reads_the_growth_and_the_direction(count_indicator):
    rising = _series(("2016", 100), ("2017", 102))
    assert progress_status(series=rising, indicator=count_indicator, target=None).status == "substantial"
    assert progress_status(series=_series(("2016", 100), ("2017", 100.8)), indicator=count_indicator,
                           target=None).status == "moderate"
    count_indicator.direction = "lower"
    assert progress_status(series=rising, indicator=count_indicator, target=None).status == "deterioration"
    one = _series(("2017", 5))
    assert progress_status(series=one, indicator=count_indicator, target=None).status == "not_available"
    # a year's count and a half-year's are not compared
    mixed = _series(("2017-H1", 50), ("2017", 100))
    assert progress_status(series=mixed, indicator=count_indicator, target=None).status == "not_available"


def test_female_share_targets_compare_every_period(db):
    indicator = Indicator(code="Y", name="y", unit="người", kind="count", by_sex=True, direction="higher")
    series = [PublicFigure("2017-H1", female=10, male=29), PublicFigure("2017", female=9, male=22)]
    target = _target(30, 2020, measure="female_share")
    status = progress_status(series=series, indicator=indicator, target=target)
    assert status.status == "substantial" and status.current == (2017.0, pytest.approx(29.03, abs=0.01))


def test_the_annual_series_is_chosen_only_when_two_years_carry_the_measure(db):
    # A female-value target: the 2016 annual report gave men only, so the annual series has
    # ONE year with a female figure; the half-year series has two. The choice "annual when it
    # has two points, else half-year" counts the points that carry the measure.
    indicator = Indicator(code="Y", name="y", unit="người", kind="count", by_sex=True, direction="higher")
    series = [PublicFigure("2016-H1", female=10, male=18), PublicFigure("2016", male=20),
              PublicFigure("2017-H1", female=12, male=18), PublicFigure("2017", female=25, male=20)]
    target = _target(30, 2020, measure="female_value")
    status = progress_status(series=series, indicator=indicator, target=target)
    # 10 → 12 over a year (20 %/year) against the 27.7 %/year needed from 10 to 30 by 2020
    assert status.status == "moderate", status
    assert status.base == (2015.5, 10) and status.current == (2016.5, 12)
    assert status.value == pytest.approx(0.2 / (3 ** (1 / 4.5) - 1), rel=1e-9)
    # with two annual female figures the annual series is used, as before
    series[1] = PublicFigure("2016", female=20, male=20)
    status = progress_status(series=series, indicator=indicator, target=target)
    assert status.base == (2016.0, 20) and status.current == (2017.0, 25)
