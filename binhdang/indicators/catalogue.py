"""Loading the indicator catalogue (sources, objectives, indicators, targets, TT 191/2009
spending categories) from data/catalogue.json.

Idempotent: rows are matched by code and only missing ones are created, so edits made
through the catalogue pages survive a reload. Works with the real models or with the
historical models a data migration passes in.
"""

import datetime
import functools
import json
from pathlib import Path

CATALOGUE = Path(__file__).parent / "data" / "catalogue.json"


def catalogue_data() -> dict:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def catalogue_load(get_model=None, data: dict | None = None) -> dict:
    """Returns how many rows of each kind were created."""
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    data = data or catalogue_data()
    Source = get_model("indicators", "Source")
    Objective = get_model("indicators", "Objective")
    Indicator = get_model("indicators", "Indicator")
    Target = get_model("indicators", "Target")
    BudgetCategory = get_model("indicators", "BudgetCategory")
    created = {"sources": 0, "objectives": 0, "indicators": 0, "targets": 0, "budget_categories": 0}

    sources = {s.code: s for s in Source.objects.all()}
    for row in data["sources"]:
        if row["code"] not in sources:
            date = datetime.date.fromisoformat(row["date"]) if row.get("date") else None
            sources[row["code"]] = Source.objects.create(**{**row, "date": date})
            created["sources"] += 1
    objectives = {o.code: o for o in Objective.objects.all()}
    for row in data["objectives"]:
        if row["code"] not in objectives:
            objectives[row["code"]] = Objective.objects.create(
                **{**row, "source": sources[row["source"]]}
            )
            created["objectives"] += 1
    indicators = {i.code: i for i in Indicator.objects.all()}
    for row in data["indicators"]:
        fields = {k: v for k, v in row.items() if k not in ("targets",)}
        fields["source"] = sources[row["source"]]
        fields["objective"] = objectives.get(row["objective"]) if row.get("objective") else None
        indicator = indicators.get(row["code"])
        if indicator is None:
            indicator = Indicator.objects.create(**fields)
            indicators[row["code"]] = indicator
            created["indicators"] += 1
        else:
            continue  # existing indicators and their targets stay as users edited them
        for target in row["targets"]:
            Target.objects.create(indicator=indicator, objective=indicator.objective, **target)
            created["targets"] += 1
    categories = set(BudgetCategory.objects.values_list("code", flat=True))
    for row in data["budget_categories"]:
        if row["code"] not in categories:
            BudgetCategory.objects.create(**{k: v for k, v in row.items() if k != "source"})
            created["budget_categories"] += 1
    return created


CATALOGUE_EN = Path(__file__).parent / "data" / "catalogue_en.json"


@functools.cache
def _english_names() -> dict[str, str]:
    return dict(json.loads(CATALOGUE_EN.read_text(encoding="utf-8"))["indicators"])


def indicator_display_name(code: str, name: str) -> str:
    """An indicator's name in the active language, chosen when it is read: the official
    Vietnamese name, or in English the name from data/catalogue_en.json (by code; an
    indicator added locally without one keeps its Vietnamese name)."""
    from django.utils import translation

    if (translation.get_language() or "vi").split("-")[0] == "en":
        return _english_names().get(code, name)
    return name
