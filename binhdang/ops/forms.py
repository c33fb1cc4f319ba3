from django import forms
from django.utils.translation import gettext_lazy as _

_DATE = {"invalid": _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 20/02/2017.")}


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y"],
                                error_messages=_DATE, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y"],
                              error_messages=_DATE, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))

    def __init__(self, *args, actions, units, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (("action", [("", _("Tất cả")), *actions]),
                              ("unit", [("", _("Tất cả")), *((u.pk, u.name) for u in units)])):
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):  # both are, as declared above
                field.choices = choices
        self.units = {u.pk: u for u in units}

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau “Từ ngày”."))
        return cleaned
