"""Report forms as data: the coordinators' list and editor of report templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError

from . import permissions, selectors, services
from .forms import (
    SectionForm,
    indicators_as_text,
)
from .models import ReportTemplate, SectionKind
from .views import _int


@login_required
def template_list(request):
    permissions.require_edit_templates(request.user)
    templates = selectors.template_list()
    plans = selectors.plan_list_coordinated(user=request.user, with_obligations=True)
    return render(request, "reporting/templates.html", {"templates": templates, "plans": plans})


@login_required
def template_edit(request, pk: int):
    permissions.require_edit_templates(request.user)
    template = get_object_or_404(ReportTemplate, pk=pk)
    form = SectionForm()
    if request.method == "POST":
        op = request.POST.get("op")
        version = _int(request.POST.get("version"), -1)
        key = request.POST.get("key", "")
        try:
            if op in ("add", "update"):
                form = SectionForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    if op == "add":
                        services.template_section_add(
                            actor=request.user, template=template, version=version, title=data["title"],
                            kind=data["kind"] or SectionKind.NARRATIVE, help_text=data["help_text"],
                            required=data["required"])
                    else:
                        services.template_section_update(
                            actor=request.user, template=template, version=version, key=key,
                            title=data["title"], help_text=data["help_text"], required=data["required"],
                            indicators=form.indicator_rows())
                    messages.success(request, _("Đã lưu mẫu báo cáo."))
                    return redirect("reporting:template", pk=template.pk)
            elif op in ("up", "down"):
                services.template_section_move(actor=request.user, template=template, version=version,
                                               key=key, direction=op)
                return redirect("reporting:template", pk=template.pk)
            elif op == "remove":
                services.template_section_remove(actor=request.user, template=template, version=version, key=key)
                messages.success(request, _("Đã xóa mục."))
                return redirect("reporting:template", pk=template.pk)
        except DomainError as error:
            messages.error(request, error.message)
    sections = [{**s, "indicators_text": indicators_as_text(s.get("indicators"))} for s in template.sections]
    return render(request, "reporting/template_edit.html", {
        "template": template, "sections": sections, "form": form, "kinds": SectionKind.choices,
    })
