"""The demo loaders, in order. Each is a function returning a dict summary; each is idempotent."""

DEMO_STEPS = [
    "binhdang.demo.services.demo_load_orgunits_and_users",
]
