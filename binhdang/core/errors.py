"""Errors that services raise and views turn into messages for the user."""

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A rule of the domain refused the request; the message is shown to the user."""

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ConflictError(DomainError):
    """Someone else changed the record since it was read (optimistic locking)."""


class AccessDenied(PermissionDenied):
    """The permission policy refused the action."""
