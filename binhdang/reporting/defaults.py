"""The default report forms, following the content areas of plan 268/KH-UBND (part II)."""

from django.utils.translation import gettext_lazy as _

from binhdang.plans.models import ObligationKind

# The sex-disaggregated indicators of the form: catalogue codes, so that the figures are the
# unit's indicator values (pre-filled from them, written back when the report is accepted).
DEFAULT_INDICATORS = [
    {"code": "DP-TH-NGUOI", "name": "Số người được tập huấn về bình đẳng giới"},
    {"code": "DP-TD-NGUOI", "name": "Số người tham dự tọa đàm, hội thảo"},
    {"code": "DP-KN-NGUOI", "name": "Số người tham gia hoạt động kỷ niệm 8/3 và 20/10"},
    {"code": "LD-CBCC", "name": "Số cán bộ, công chức, viên chức"},
    {"code": "LD-LANHDAO", "name": "Số cán bộ lãnh đạo, quản lý"},
    {"code": "LD-QUYHOACH", "name": "Số cán bộ trong quy hoạch lãnh đạo, quản lý"},
]


def _narrative(key, title, help_text="", required=True):
    return {"key": key, "title": str(title), "kind": "narrative", "help": str(help_text), "required": required}


def _report_sections() -> list[dict]:
    return [
        _narrative("tuyen_truyen", _("Công tác tuyên truyền, nâng cao nhận thức về bình đẳng giới"),
                   _("Hình thức, số buổi, số lượt người tham dự; các hoạt động nhân ngày 8/3, 20/10.")),
        _narrative("nang_cao_nang_luc", _("Nâng cao năng lực, tập huấn cho cán bộ làm công tác bình đẳng giới"),
                   _("Số lớp tập huấn, nội dung, số học viên nam/nữ.")),
        _narrative("can_bo_nu", _("Công tác cán bộ nữ"),
                   _("Tỷ lệ nữ trong cấp ủy, lãnh đạo chủ chốt, quy hoạch; đào tạo, bồi dưỡng cán bộ nữ.")),
        _narrative("ban_vstbpn", _("Hoạt động của Ban Vì sự tiến bộ của phụ nữ"),
                   _("Họp, kiểm tra, giám sát; kiện toàn thành viên."), required=False),
        _narrative("kinh_phi", _("Kinh phí thực hiện"),
                   _("Dự toán được giao, đã sử dụng (theo Thông tư 191/2009/TT-BTC, 56/2012/TTLT-BTC-BLĐTBXH).")),
        {"key": "nhiem_vu", "title": str(_("Tiến độ thực hiện các nhiệm vụ được giao trong kế hoạch")),
         "kind": "task_table", "help": str(_("Các nhiệm vụ đơn vị chủ trì hoặc phối hợp.")), "required": False},
        {"key": "chi_tieu", "title": str(_("Các chỉ tiêu phân tách theo giới tính")), "kind": "indicator_table",
         "help": str(_("Ghi số nữ và số nam; tổng số được tính tự động.")), "required": False,
         "indicators": DEFAULT_INDICATORS},
        _narrative("kho_khan", _("Khó khăn, vướng mắc")),
        _narrative("kien_nghi", _("Kiến nghị, đề xuất"), required=False),
        _narrative("phuong_huong", _("Phương hướng, nhiệm vụ thời gian tới")),
        {"key": "dinh_kem", "title": str(_("Tài liệu đính kèm")), "kind": "attachments",
         "help": str(_("Bản ký số hoặc bản chụp báo cáo có chữ ký, dấu (PDF, Word, Excel, ảnh; tối đa 10 MB).")),
         "required": False},
    ]


def _plan_sections() -> list[dict]:
    return [
        _narrative("muc_tieu", _("Mục tiêu, chỉ tiêu năm"), _("Các chỉ tiêu bình đẳng giới của đơn vị trong năm.")),
        _narrative("noi_dung", _("Nội dung hoạt động"), _("Tuyên truyền, tập huấn, cán bộ nữ, kiểm tra, giám sát…")),
        {"key": "nhiem_vu", "title": str(_("Các nhiệm vụ được giao trong kế hoạch của thị xã")),
         "kind": "task_table", "help": "", "required": False},
        _narrative("kinh_phi", _("Kinh phí"), required=False),
        _narrative("to_chuc", _("Tổ chức thực hiện"), required=False),
        {"key": "dinh_kem", "title": str(_("Văn bản kế hoạch đã ký")), "kind": "attachments",
         "help": str(_("Bản ký số hoặc bản chụp (PDF, Word; tối đa 10 MB).")), "required": False},
    ]


def default_template(kind: str) -> tuple[str, list[dict]]:
    """(name, sections) of the default form of a report kind."""
    if kind == ObligationKind.UNIT_PLAN:
        return str(_("Kế hoạch công tác bình đẳng giới của đơn vị")), _plan_sections()
    names: dict[str, object] = {
        ObligationKind.REPORT_SEMIANNUAL: _("Báo cáo 6 tháng công tác bình đẳng giới và vì sự tiến bộ của phụ nữ"),
        ObligationKind.REPORT_ANNUAL: _("Báo cáo kết quả công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm"),
        ObligationKind.ADHOC: _("Báo cáo đột xuất"),
    }
    return str(names[kind]), _report_sections()
