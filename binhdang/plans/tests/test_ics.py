import datetime

import pytest
from icalendar import Calendar

from binhdang.plans.selectors import unit_ics_token

pytestmark = pytest.mark.django_db


def test_ics_feed_of_hoi_lhpn_lists_events_recurrences_and_obligations(seed_plan, demo_tree, client):
    # given the Hội LHPN's feed URL (no login)
    unit = demo_tree["TH-BS-HLHPN"]
    url = f"/plans/ics/{unit.pk}/{unit_ics_token(unit)}.ics"
    # when a phone fetches it
    response = client.get(url)
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    recurring = [e for e in events if e.get("RRULE")]
    march = [e for e in recurring if e.decoded("DTSTART") == datetime.date(2017, 3, 8)]
    assert len(march) == 2  # III.1.e (coordinating) and III.2.d (lead)
    assert march[0]["RRULE"]["FREQ"] == ["YEARLY"]
    assert march[0]["RRULE"]["UNTIL"] == [datetime.date(2017, 12, 31)]
    october = [e for e in recurring if e.decoded("DTSTART") == datetime.date(2017, 10, 20)]
    assert len(october) == 2
    obligations = sorted(e.decoded("DTSTART") for e in events if str(e["UID"]).startswith("obligation-"))
    assert obligations == [datetime.date(2017, 2, 25), datetime.date(2017, 6, 15), datetime.date(2017, 12, 15)]
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_ics_feed_semiannual_review_of_the_committee(seed_plan, demo_tree, client):
    unit = demo_tree["TH-BS-BVSTBPN"]
    cal = Calendar.from_ical(client.get(f"/plans/ics/{unit.pk}/{unit_ics_token(unit)}.ics").content)
    semi = [e for e in cal.walk("VEVENT") if e.get("RRULE") and e["RRULE"]["FREQ"] == ["MONTHLY"]]
    assert len(semi) == 1
    assert semi[0]["RRULE"]["INTERVAL"] == [6]
    assert semi[0].decoded("DTSTART") == datetime.date(2017, 6, 15)


def test_ics_feed_with_a_wrong_token_is_not_found(seed_plan, demo_tree, client):
    unit = demo_tree["TH-BS-HLHPN"]
    other = demo_tree["TH-BS-YT"]
    assert client.get(f"/plans/ics/{unit.pk}/{unit_ics_token(other)}.ics").status_code == 404
    assert client.get(f"/plans/ics/{unit.pk}/0000.ics").status_code == 404
