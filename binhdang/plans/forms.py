"""Forms for plans and tasks: dd/mm/yyyy dates, Vietnamese messages; services validate the rest."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import LabelledModelChoiceField, model_choice

from .models import Plan, Section, Task

DATE_FORMATS = ["%d/%m/%Y"]
INVALID_DATE = _(
    "Ngày không hợp lệ (ngày không có thật như 31/02, hoặc sai dạng): hãy nhập theo dạng "
    "dd/mm/yyyy, ví dụ 20/02/2017."
)


class VietnameseDateField(forms.DateField):
    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = INVALID_DATE
        self.error_messages["required"] = _("Hãy nhập ngày (dd/mm/yyyy).")

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return value


def parse_day(raw: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(raw.strip(), "%d/%m/%Y").date()  # noqa: DTZ007
    except ValueError:
        return None


class PlanHeaderForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=64)
    doc_type = forms.CharField(label=_("Loại văn bản (viết tắt)"), max_length=8, initial="KH")
    type_name = forms.CharField(label=_("Tên loại"), max_length=64, initial="Kế hoạch")
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=120)
    date = VietnameseDateField(label=_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    purpose = forms.CharField(
        label=_("Mục đích, yêu cầu (mỗi ý một dòng)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parent_issuer = forms.CharField(label=_("Cơ quan chủ quản"), required=False, max_length=255)
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=120)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=120)
    signer_authority = forms.CharField(label=_("Thẩm quyền ký (TM., KT., …)"), required=False, max_length=120)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Plan.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_plan(cls, plan: Plan, data=None) -> "PlanHeaderForm":
        initial = {f: getattr(plan, f) for f in (
            "number", "doc_type", "type_name", "place", "date", "title", "parent_issuer",
            "signer_name", "signer_title", "signer_authority", "status", "version")}
        initial["purpose"] = "\n".join(
            p.get("text", "") if isinstance(p, dict) else str(p) for p in plan.purpose or []
        )
        return cls(data=data, initial=initial)

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["purpose"] = [line.strip() for line in data["purpose"].splitlines() if line.strip()]
        return data


class TaskForm(forms.Form):
    section = LabelledModelChoiceField(label=_("Thuộc mục"), queryset=Section.objects.none(), required=False,
                                       label_of=lambda s: f"{s.label}. {s.title}"[:90])
    code = forms.CharField(label=_("Mã nhiệm vụ (để trống: tự đánh số)"), required=False, max_length=32)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[c for c in Task.Status.choices if c[0] != Task.Status.OVERDUE],
        required=False,
    )
    dues = forms.CharField(
        label=_("Thời hạn (mỗi dòng: dd/mm/yyyy và ghi chú, ví dụ “15/06/2017 trước ngày 15/6”)"),
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "section").queryset = plan.sections.order_by("order", "id")

    def clean_dues(self) -> list[tuple[datetime.date, str]]:
        result = []
        for number, line in enumerate(self.cleaned_data["dues"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            raw, _sep, note = line.partition(" ")
            day = parse_day(raw)
            if day is None:
                raise forms.ValidationError(
                    _("Dòng %(n)s: ngày “%(value)s” không hợp lệ; hãy nhập dd/mm/yyyy (ví dụ 15/06/2017)."),
                    params={"n": number, "value": raw},
                )
            result.append((day, note.strip()))
        return result


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Nội dung cập nhật"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"), min_value=0, max_value=100,
        error_messages={"invalid": _("Tiến độ phải là số từ 0 đến 100."),
                        "min_value": _("Tiến độ phải là số từ 0 đến 100."),
                        "max_value": _("Tiến độ phải là số từ 0 đến 100.")},
    )
    status = forms.ChoiceField(
        label=_("Trạng thái sau cập nhật"),
        choices=[c for c in Task.Status.choices if c[0] != Task.Status.OVERDUE],
    )
    # The form metaclass moves declared fields into base_fields, so `form.files` stays the upload dict.
    files = MultipleFileField(  # type: ignore[assignment]  # see above
        label=_("Minh chứng (PDF, DOCX, XLSX, JPG, PNG; tối đa 20 MB mỗi tệp)"), required=False
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        # The task page also holds the progress form's "text": ids must stay unique.
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)


class UnitPlanForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=64)
    date = VietnameseDateField(label=_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
