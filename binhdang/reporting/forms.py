"""Forms of the reporting pages, and reading a report's sections out of a POST."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import LabelledModelMultipleChoiceField, model_choice
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import ObligationKind, Plan

from .models import SectionKind

DATE_WIDGET = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})


def section_values_from_post(sections: list[dict], post, only: str | None = None) -> dict[str, Any]:
    """{section key: value} for the sections present in the POST (field names `KEY` for a
    narrative, `KEY-N-COLUMN` for table rows, with `KEY-N-code` naming the row)."""
    values: dict[str, Any] = {}
    for section in sections:
        key, kind = section["key"], section["kind"]
        if only and key != only:
            continue
        if kind == SectionKind.NARRATIVE:
            if key in post:
                values[key] = post.get(key, "")
        elif kind in (SectionKind.TASK_TABLE, SectionKind.INDICATOR_TABLE):
            columns = ("status", "progress", "note") if kind == SectionKind.TASK_TABLE else ("name", "female", "male")
            rows, index = [], 0
            while f"{key}-{index}-code" in post:
                row = {"code": post.get(f"{key}-{index}-code")}
                for column in columns:
                    name = f"{key}-{index}-{column}"
                    if name in post:
                        row[column] = post.get(name)
                rows.append(row)
                index += 1
            if index or f"{key}-present" in post:
                values[key] = rows
    return values


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DeadlineForm(forms.Form):
    kind = forms.ChoiceField(choices=ObligationKind.choices, widget=forms.HiddenInput)
    old_date = forms.DateField(widget=forms.HiddenInput)
    new_date = forms.DateField(label=_("Hạn gửi mới"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=500, required=False)


class AdhocForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=Plan.objects.none(), label=_("Thuộc kế hoạch"))
    title = forms.CharField(label=_("Nội dung yêu cầu báo cáo"), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Hạn gửi"), widget=DATE_WIDGET)
    period_start = forms.DateField(label=_("Số liệu từ ngày"), required=False, widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Số liệu đến ngày"), required=False, widget=DATE_WIDGET)
    units = LabelledModelMultipleChoiceField(queryset=OrgUnit.objects.none(), label=_("Các đơn vị phải báo cáo"),
                                             widget=forms.CheckboxSelectMultiple, label_of=lambda u: u.name)

    def __init__(self, *args, plans, units, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "plan").queryset = plans
        model_choice(self, "units").queryset = units


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề mục"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=SectionKind.choices, required=False)
    help_text = forms.CharField(label=_("Hướng dẫn"), max_length=1000, required=False)
    required = forms.BooleanField(label=_("Bắt buộc"), required=False)
    indicators = forms.CharField(
        label=_("Chỉ tiêu (mỗi dòng: MÃ | tên)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def indicator_rows(self) -> list[dict] | None:
        text = self.cleaned_data.get("indicators", "")
        if not text.strip():
            return None
        rows = []
        for line in text.splitlines():
            if not line.strip():
                continue
            code, _sep, name = line.partition("|")
            rows.append({"code": code.strip(), "name": name.strip()})
        return rows


def indicators_as_text(rows: list[dict]) -> str:
    return "\n".join(f"{r['code']} | {r['name']}" for r in rows or [])
