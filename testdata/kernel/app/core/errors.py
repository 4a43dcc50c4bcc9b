"""Error types every part of the app raises: the shared kernel."""


class Fail(Exception):
    pass
