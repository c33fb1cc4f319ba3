"""The user types services and selectors are annotated with.

- `Actor`: who performs a write — a signed-in `User`, or None for the system (the demo loader,
  the CLI without --as, scheduled reminders). Audit records None as "system".
- `AnyUser`: who asks for a read — `request.user`, which may be anonymous; policies answer
  "nothing" for an anonymous user.
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from .models import User

Actor: TypeAlias = User | None
AnyUser: TypeAlias = User | AnonymousUser

__all__ = ["Actor", "AnyUser", "User"]
