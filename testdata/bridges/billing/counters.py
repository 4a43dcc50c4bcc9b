"""Module-level scalars rebound through `global`."""
hits = 0
last_error = None
LIMIT = 10


def record():
    global hits
    hits += 1


def fail(error):
    global last_error
    last_error = error


def peek():
    # Declared global but only read: not a write.
    global LIMIT
    return LIMIT
