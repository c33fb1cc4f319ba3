"""One search over plans, tasks, reports and units, scoped by each model's policy.

Every kind keeps a folded ``search_text`` column (binhdang.core.text.search_key: lower case,
no diacritics, đ → d, punctuation as spaces), so "bao cao ba dinh" finds "Báo cáo … Ba Đình"
with a plain ``LIKE`` on SQLite and PostgreSQL alike. A query is folded the same way; each
word must occur (AND). Rows come only from the policy's ``filter``: a user finds what the
pages would show them, nothing more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from binhdang.accounts.types import AnyUser
from binhdang.core.errors import DomainError
from binhdang.core.permissions import policy
from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Plan, Task
from binhdang.plans.permissions import plans as plan_policy
from binhdang.plans.permissions import tasks as task_policy
from binhdang.reporting.permissions import submissions as submission_policy

QUERY_MAX = 200  # characters a query may have
TERMS_MAX = 8  # words that count; more are ignored
TERM_MIN = 2  # a one-letter word alone matches nearly everything
PAGE_SIZE = 10  # results per kind and page
PAGE_MAX = 100

KINDS = ("plan", "task", "submission", "unit")
KIND_LABELS = {
    "plan": pgettext_lazy("search kind", "Kế hoạch"),
    "task": pgettext_lazy("search kind", "Nhiệm vụ"),
    "submission": pgettext_lazy("search kind", "Báo cáo"),
    "unit": pgettext_lazy("search kind", "Đơn vị"),
}


@dataclass
class Hit:
    kind: str
    pk: int
    title: str
    detail: str
    url: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.pk, "title": self.title, "detail": self.detail, "url": self.url}


@dataclass
class KindResults:
    kind: str
    total: int
    page: int
    pages: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    groups: list[KindResults]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def search_terms(query: str | None) -> list[str]:
    """The folded words of a query; DomainError (Vietnamese) when it cannot be searched."""
    raw = (query or "").strip()
    if not raw:
        raise DomainError(_("Hãy nhập từ cần tìm."), code="empty_query")
    if len(raw) > QUERY_MAX:
        raise DomainError(_("Từ cần tìm dài quá %(n)s ký tự; hãy rút gọn.") % {"n": QUERY_MAX},
                          code="query_too_long")
    if "\x00" in raw:
        raise DomainError(_("Từ cần tìm chứa ký tự không hợp lệ."), code="invalid_query")
    terms = []
    for term in search_key(raw).split():
        if term not in terms:
            terms.append(term)
    terms = [t for t in terms if len(t) >= TERM_MIN or t.isdigit()][:TERMS_MAX]
    if not terms:
        raise DomainError(_("Hãy nhập ít nhất một từ có từ 2 chữ cái trở lên (chữ hoặc số)."),
                          code="empty_query")
    return terms


def _padded(queryset: QuerySet[Any], fields: tuple[str, ...]) -> tuple[QuerySet[Any], tuple[str, ...]]:
    """Each field as " text ", so that a word can be matched whole: " ba " is not in " ban "."""
    names = tuple(f"_w{i}" for i in range(len(fields)))
    padded = {n: Concat(Value(" "), F(f), Value(" "), output_field=TextField())
              for n, f in zip(names, fields, strict=True)}
    return queryset.annotate(**padded), names


def _any_field(text: str, fields: tuple[str, ...]) -> Q:
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__contains": text})
    return q


def _all_terms(terms: list[str], fields: tuple[str, ...]) -> Q:
    """Every word whole, the last one also as the start of a word (still being typed)."""
    q = Q()
    for position, term in enumerate(terms):
        q &= _any_field(f" {term}" if position == len(terms) - 1 else f" {term} ", fields)
    return q


def _matching(queryset: QuerySet[Any], terms: list[str], *fields: str) -> QuerySet[Any]:
    """Rows holding the words as one phrase, when some do; else rows holding every word.

    Vietnamese words are syllables and folding merges many of them ("làm" and "Lam" both
    become "lam"), so "lam son" as loose words would also find every text with "làm" and
    "Bỉm Sơn"; the phrase finds phường Lam Sơn. Words spread over fields ("ba dinh 2017")
    match no phrase and fall back to all words. Words match whole (the last one as a
    prefix): "ba" does not find "ban".
    """
    queryset, names = _padded(queryset, fields)
    if len(terms) > 1:
        phrase = queryset.filter(_any_field(" " + " ".join(terms), names))
        if phrase.exists():
            return phrase
    return queryset.filter(_all_terms(terms, names))


def _page(queryset: QuerySet[Any], page: int, size: int) -> tuple[int, int, int, list[Any]]:
    total = queryset.count()
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    return total, page, pages, list(queryset[(page - 1) * size: page * size])


def _plans(user: AnyUser, terms: list[str], page: int, size: int) -> KindResults:
    queryset = plan_policy.filter(user, "view", _matching(Plan.objects.all(), terms, "search_text"))
    total, page, pages, rows = _page(queryset.select_related("issuer").order_by("-date", "-id"), page, size)
    hits = [Hit("plan", p.pk, f"{p.number or _('Dự thảo')} · {p.title}",
                f"{p.issuer.name} · {p.date:%d/%m/%Y}", p.get_absolute_url()) for p in rows]
    return KindResults("plan", total, page, pages, hits)


def _tasks(user: AnyUser, terms: list[str], page: int, size: int) -> KindResults:
    queryset = _matching(Task.objects.filter(task_policy.q(user, "view")), terms, "search_text")
    total, page, pages, rows = _page(
        queryset.select_related("plan").order_by("-plan__date", "plan_id", "order", "id").distinct(), page, size)
    hits = [Hit("task", t.pk, f"{t.code} · {t.text[:160]}", t.plan.number or t.plan.title[:80],
                t.get_absolute_url()) for t in rows]
    return KindResults("task", total, page, pages, hits)


def _submissions(user: AnyUser, terms: list[str], page: int, size: int) -> KindResults:
    queryset = _matching(submission_policy.filter(user, "view"), terms, "search_text", "org_unit__search_text")
    total, page, pages, rows = _page(
        queryset.select_related("obligation", "org_unit").order_by("-obligation__due_date", "org_unit__path", "id"),
        page, size)
    hits = [Hit("submission", s.pk, f"{s.org_unit.name} · {s.obligation.get_kind_display()}",
                f"{s.obligation.title[:120]} · {s.get_status_display()} · {_('hạn')} {s.obligation.due_date:%d/%m/%Y}",
                s.get_absolute_url()) for s in rows]
    return KindResults("submission", total, page, pages, hits)


def _units(user: AnyUser, terms: list[str], page: int, size: int, on: datetime.date | None) -> KindResults:
    # The org tree is a directory every signed-in user may read (its detail pages are open
    # to all). Units closed by `on` are found too (reports still name them), after the
    # current ones and marked with their end date.
    from django.urls import reverse

    queryset = _matching(OrgUnit.objects.all(), terms, "search_text")
    order: list = []
    if on is not None:
        queryset = queryset.annotate(_closed=Case(When(valid_to__lt=on, then=Value(1)), default=Value(0),
                                                  output_field=IntegerField()))
        order.append("_closed")
    # The user's own part of the tree first: "Ba Đình" is the ward of Bỉm Sơn for its officers,
    # before the communes of that name elsewhere.
    near = sorted({g.path[: max(OrgUnit.steplen, len(g.path) - OrgUnit.steplen)] for g in policy.grants(user)})
    if near:
        queryset = queryset.annotate(_far=Case(*[When(path__startswith=p, then=Value(0)) for p in near],
                                               default=Value(1), output_field=IntegerField()))
        order.insert(0, "_far")
    total, page, pages, rows = _page(queryset.order_by(*order, "depth", "name", "id"), page, size)

    def detail(unit: OrgUnit) -> str:
        parts = [unit.short_name, unit.code]
        if on is not None and unit.valid_to is not None and unit.valid_to < on:
            parts.append(_("hết hiệu lực từ %(d)s") % {"d": f"{unit.valid_to + datetime.timedelta(days=1):%d/%m/%Y}"})
        return " · ".join(p for p in parts if p)

    hits = [Hit("unit", u.pk, u.name, detail(u), reverse("orgunits:detail", args=[u.pk])) for u in rows]
    return KindResults("unit", total, page, pages, hits)


def search(*, user: AnyUser, query: str, kinds: tuple[str, ...] | list[str] = KINDS, page: int = 1,
           size: int = PAGE_SIZE, on: datetime.date | None = None) -> SearchResults:
    """Results grouped by kind, `size` per kind on `page`; each kind counted in full."""
    terms = search_terms(query)
    if not getattr(user, "is_authenticated", False):
        return SearchResults(query=query, terms=terms, groups=[])
    size = min(max(1, size), PAGE_MAX)
    groups = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        if kind == "plan":
            groups.append(_plans(user, terms, page, size))
        elif kind == "task":
            groups.append(_tasks(user, terms, page, size))
        elif kind == "submission":
            groups.append(_submissions(user, terms, page, size))
        else:
            groups.append(_units(user, terms, page, size, on))
    return SearchResults(query=query, terms=terms, groups=groups)
