"""Domain errors raised by services and shown to the user by views."""


class DomainError(Exception):
    """A business rule said no. `field` names the form field to attach the message to, if any.

    `message` is a constant message id; values go in `params` (interpolated after translation,
    so data never becomes a message id): DomainError("第%(line)s行…", field="options", line=3).
    """

    def __init__(self, message, field=None, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.field = field
        self.params = params
