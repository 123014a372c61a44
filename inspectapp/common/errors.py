"""Domain errors raised by services and shown to the user by views."""


class DomainError(Exception):
    """A business rule said no. `field` names the form field to attach the message to, if any."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
