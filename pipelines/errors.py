"""Errors the user can fix: the command line prints their message on one line instead of a traceback."""


class UserError(Exception):
    """A problem with the settings, the folders or another run, whose message says what to do."""
