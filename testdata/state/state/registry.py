REGISTRY = {}
MAX = 10
LIMITS = load()
counter = 0


def load():
    return {"a": 1}


def bump():
    global counter
    counter += 1
    return counter
