"""Errors the CLI reports as a message (no traceback): each says what failed and what to do."""


class BuildError(RuntimeError):
    """The build failed; the message says why and what to fix."""
