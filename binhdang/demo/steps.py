"""The demo loaders, in order. Each is a function returning a dict summary; each is idempotent."""

from django.utils.translation import gettext_lazy as _

DEMO_STEPS = [
    "binhdang.demo.services.demo_load_orgunits_and_users",
    "binhdang.plans.demo.demo_load_plans",
    "binhdang.reporting.demo.demo_load_reporting",
    "binhdang.demo.indicators.demo_load_indicators",
    "binhdang.demo.reform.demo_load_reform",
    "binhdang.demo.plans_2026.demo_load_plans_2026",
    "binhdang.public.demo.demo_load_publications",
]

# What each step loads, as `seed-demo` and `demo` say while they work.
STEP_LABELS = {
    "binhdang.demo.services.demo_load_orgunits_and_users": _("đơn vị và tài khoản (Thanh Hóa, Bỉm Sơn)"),
    "binhdang.plans.demo.demo_load_plans": _("Kế hoạch 268/KH-UBND, nhiệm vụ và tiến độ"),
    "binhdang.reporting.demo.demo_load_reporting": _("chu kỳ báo cáo năm 2017 đến ngày trình diễn"),
    "binhdang.demo.indicators.demo_load_indicators": _("chỉ tiêu, hoạt động và kinh phí"),
    "binhdang.demo.reform.demo_load_reform": _("đơn vị hành chính sau sắp xếp 1/7/2025 và kế thừa"),
    "binhdang.demo.plans_2026.demo_load_plans_2026": _("kế hoạch và báo cáo năm 2026"),
    "binhdang.public.demo.demo_load_publications": _("trang công khai"),
}
