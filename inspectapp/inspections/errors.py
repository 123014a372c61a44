"""The inspections feature's domain error."""
from inspectapp.common.errors import DomainError


class Conflict(DomainError):
    """The request is well-formed but the record's state forbids it (HTTP 409)."""
