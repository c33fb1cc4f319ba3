"""The demo loaders, in order. Each is a function returning a dict summary; each is idempotent."""

DEMO_STEPS = [
    "binhdang.demo.services.demo_load_orgunits_and_users",
    "binhdang.plans.demo.demo_load_plans",
    "binhdang.reporting.demo.demo_load_reporting",
    "binhdang.demo.indicators.demo_load_indicators",
    "binhdang.demo.reform.demo_load_reform",
    "binhdang.demo.plans_2026.demo_load_plans_2026",
    "binhdang.public.demo.demo_load_publications",
]
