"""Catalogue names (indicators, report sections) in the reader's language, chosen when read."""

import pytest
from django.conf import settings
from django.utils import translation

from binhdang.indicators.models import Indicator
from binhdang.reporting.models import Submission

pytestmark = pytest.mark.django_db


def test_every_catalogue_indicator_has_an_english_name():
    from binhdang.indicators.catalogue import _english_names, catalogue_data

    codes = {row["code"] for row in catalogue_data()["indicators"]}
    names = _english_names()
    assert codes == set(names)
    assert all((name and name.isascii()) or "–" in name for name in names.values())


def test_display_name_follows_the_language(demo_tree):
    indicator = Indicator.objects.get(code="CL11-1.1")
    with translation.override("vi"):
        assert indicator.display_name == "Tỷ lệ nữ tham gia cấp ủy Đảng nhiệm kỳ 2016–2020"
    with translation.override("en"):
        assert indicator.display_name == "Share of women in Party committees, 2016–2020 term"
    assert indicator.name == "Tỷ lệ nữ tham gia cấp ủy Đảng nhiệm kỳ 2016–2020"  # stored once, Vietnamese


def test_catalogue_page_in_both_languages(demo_tree, demo_user, client):
    client.force_login(demo_user("ldtbxh"))
    vi = client.get("/indicators/catalogue/").content.decode()
    assert "Tỷ số tử vong mẹ trên 100.000 trẻ đẻ sống" in vi
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get("/indicators/catalogue/").content.decode()
    assert "Maternal mortality ratio per 100,000 live births" in en
    assert "Tỷ số tử vong mẹ trên 100.000 trẻ đẻ sống" not in en


def test_report_sections_and_their_indicators_read_in_english(full_demo, demo_user, client):
    submission = Submission.objects.filter(org_unit__code="TH-BS-BADINH", obligation__kind="report_semiannual").first()
    assert any(s["title"] == "Công tác cán bộ nữ" for s in submission.sections)  # stored in Vietnamese
    client.force_login(demo_user("badinh"))
    vi = client.get(submission.get_absolute_url()).content.decode()
    assert "Công tác cán bộ nữ" in vi and "Số người được tập huấn về bình đẳng giới" in vi
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get(submission.get_absolute_url()).content.decode()
    assert "Women officials" in en and "Công tác cán bộ nữ" not in en
    assert "People trained on gender equality" in en


def test_a_coordinators_own_section_title_is_shown_as_written():
    from binhdang.reporting.templatetags.reporting_tags import section_title

    section = {"title": "Mô hình điểm của phường", "title_en": ""}
    with translation.override("en"):
        assert section_title(section) == "Mô hình điểm của phường"
        assert section_title({**section, "title_en": "The ward's pilot models"}) == "The ward's pilot models"
    with translation.override("vi"):
        assert section_title({**section, "title_en": "The ward's pilot models"}) == "Mô hình điểm của phường"
