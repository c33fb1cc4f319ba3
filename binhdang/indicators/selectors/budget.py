"""Budget (TT 191/2009): planned against executed per category, and the estimate duties."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.orgunits.models import OrgUnit

from ..models import BudgetCategory, BudgetEstimateDue, BudgetLine

# --- budget ---------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    category: BudgetCategory
    planned: Decimal
    executed: Decimal

    @property
    def rate(self) -> float | None:
        return None if not self.planned else float(self.executed / self.planned * 100)


def budget_report(*, unit: OrgUnit, year: int, subtree: bool = False) -> list[BudgetRow]:
    """Planned (estimate) vs executed (spending) per TT 191/2009 category."""
    qs = BudgetLine.objects.filter(year=year)
    qs = qs.filter(org_unit__path__startswith=unit.path) if subtree else qs.filter(org_unit=unit)
    sums: defaultdict[int, dict[str, Decimal]] = defaultdict(lambda: {"estimate": Decimal(0), "spending": Decimal(0)})
    for row in qs.values("category_id", "kind").annotate(total=Sum("amount")):
        sums[row["category_id"]][row["kind"]] = row["total"] or Decimal(0)
    return [BudgetRow(c, sums[c.pk]["estimate"], sums[c.pk]["spending"]) for c in BudgetCategory.objects.order_by("order")]


def budget_lines(*, unit: OrgUnit, year: int) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(org_unit=unit, year=year).select_related("category", "activity", "task")


@dataclass
class DueStatus:
    due: BudgetEstimateDue
    state: str  # submitted_on_time | submitted_late | overdue | upcoming

    LABELS = {"submitted_on_time": _("Đã gửi đúng hạn"), "submitted_late": _("Đã gửi muộn"),
              "overdue": _("Quá hạn, chưa gửi"), "upcoming": _("Chưa đến hạn")}

    @property
    def label(self) -> str:
        return str(self.LABELS[self.state])


def budget_dues(*, unit: OrgUnit, today: datetime.date) -> list[DueStatus]:
    """The estimate duties (20/7 of the previous year) of committees in the unit's subtree."""
    out = []
    for due in BudgetEstimateDue.objects.filter(org_unit__path__startswith=unit.path).select_related("org_unit"):
        if due.submitted_at:
            state = "submitted_on_time" if timezone.localtime(due.submitted_at).date() <= due.due_date else "submitted_late"
        else:
            state = "overdue" if today > due.due_date else "upcoming"
        out.append(DueStatus(due, state))
    return out
