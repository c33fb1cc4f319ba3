"""The home page: what a signed-in user sees first. It reads from every app below it."""
