"""Forms for activities, budget lines, indicators and targets; the services do the checks."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import LabelledModelChoiceField, model_choice
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Task

from .models import Activity, BudgetCategory, BudgetLine, Indicator, Objective, Target

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class ActivityForm(forms.Form):
    org_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị tổ chức"))
    kind = forms.ChoiceField(choices=Activity.Kind.choices, label=_("Loại hoạt động"))
    title = forms.CharField(max_length=255, label=_("Tên hoạt động"))
    date = forms.DateField(input_formats=settings.DATE_INPUT_FORMATS, widget=DATE_WIDGET, label=_("Ngày"))
    task = LabelledModelChoiceField(queryset=Task.objects.none(), required=False, label=_("Nhiệm vụ trong kế hoạch"),
                                    label_of=lambda t: f"{t.plan.number} · {t.code} {t.text[:70]}")
    channel = forms.ChoiceField(choices=[("", "—"), *Activity.Channel.choices], required=False, label=_("Kênh tuyên truyền"))
    audience_reached = forms.IntegerField(min_value=0, initial=0, required=False, label=_("Số lượt người được tiếp cận"))
    topic = forms.ChoiceField(choices=[("", "—"), *Activity.Topic.choices], required=False, label=_("Chủ đề tư vấn"))
    participants_female = forms.IntegerField(min_value=0, initial=0, label=_("Người tham gia: nữ"))
    participants_male = forms.IntegerField(min_value=0, initial=0, label=_("Người tham gia: nam"))
    women_cadres = forms.IntegerField(min_value=0, initial=0, required=False, label=_("Trong đó cán bộ nữ"))
    cost = forms.DecimalField(min_value=0, decimal_places=0, initial=0, required=False, label=_("Kinh phí (đồng)"))
    inspected_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False,
                                            label=_("Đơn vị được kiểm tra"))
    findings = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Kết quả kiểm tra"))
    recommendations = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Kiến nghị"))
    follow_up = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                label=_("Theo dõi thực hiện kiến nghị"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Ghi chú"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=None, tasks=None, inspectable=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "org_unit").queryset = units if units is not None else OrgUnit.objects.none()
        model_choice(self, "task").queryset = tasks if tasks is not None else Task.objects.none()
        model_choice(self, "inspected_unit").queryset = inspectable if inspectable is not None else OrgUnit.objects.none()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("org_unit", None)
        for name in ("audience_reached", "women_cadres"):
            data[name] = data.get(name) or 0
        data["cost"] = data.get("cost") or 0
        return data


class BudgetLineForm(forms.Form):
    kind = forms.ChoiceField(choices=BudgetLine.Kind.choices, label=_("Loại"))
    category = forms.ModelChoiceField(queryset=BudgetCategory.objects.order_by("order"), label=_("Nội dung chi"))
    amount = forms.DecimalField(min_value=0, decimal_places=0, label=_("Số tiền (đồng)"))
    description = forms.CharField(max_length=255, required=False, label=_("Diễn giải"))
    date = forms.DateField(input_formats=settings.DATE_INPUT_FORMATS, widget=DATE_WIDGET, required=False, label=_("Ngày"))
    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), required=False, label=_("Hoạt động"))

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is not None:
            model_choice(self, "activity").queryset = activities


class IndicatorForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Indicator
        fields = ["name", "unit", "kind", "scale", "numerator_label", "denominator_label", "by_sex", "direction",
                  "aggregation", "periodicity", "group", "objective", "agency", "required", "unverified", "note"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "objective").queryset = Objective.objects.select_related("source")


class TargetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["measure", "comparator", "value", "year", "baseline_value", "baseline_year", "scope", "org_unit",
                  "text", "unverified"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "org_unit").queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["value"].localize = True
        self.fields["baseline_value"].localize = True
